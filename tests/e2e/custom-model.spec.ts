import { readFileSync } from 'node:fs';
import { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { App, BUILD } from './app';

// The reference app's sample custom activity file (../shared/dsomm-data, beside the checkout).
const SAMPLE = readFileSync(`${__dirname}/../../../shared/dsomm-data/custom-activities.yaml`, 'utf8');
const SBOM = { name: 'SBOM of components', uuid: '2858ac12-0179-40d9-9acf-1b839c030473' };
const SIGNING = { name: 'Signing of code', uuid: '9f107927-61e9-4574-85ad-3f2b4bca8665' };
const KEY = 'dsomm.v1.custom-activities';

/** The Import / export page's "Your model" part, as a user works it. */
class ModelSection {
  constructor(readonly page: Page) {}

  status() {
    return this.page.locator('#model-status');
  }

  async upload(name: string, text: string) {
    await this.page.goto('#/data');
    await this.page.getByTestId('import-custom').setInputFiles({ name, mimeType: 'application/yaml', buffer: Buffer.from(text) });
    await expect(this.page.getByRole('heading', { name: `Preview of “${name}”` })).toBeVisible();
  }

  changes() {
    return this.page.getByRole('region', { name: 'What the file changes' });
  }

  async apply(activities: number) {
    // Applying reloads the page: waited for from before the click.
    await Promise.all([
      this.page.waitForEvent('load'),
      this.page.getByRole('button', { name: /^(Apply this model|Replace your custom activity file with this one)$/ }).click(),
    ]);
    await new App(this.page).started();
    await this.page.goto('#/');
    await expect(this.page.locator('.matrix .act')).toHaveCount(activities);
  }

  async remove() {
    await this.page.goto('#/data');
    this.page.once('dialog', (d) => d.accept());
    await Promise.all([
      this.page.waitForEvent('load'),
      this.page.getByRole('button', { name: 'Remove the custom activity file' }).click(),
    ]);
    await new App(this.page).started();
  }
}

async function mark(app: App, activity: string) {
  await app.toggle(activity).click();
  await expect(app.toggle(activity)).toHaveAttribute('aria-pressed', 'true');
}

test('the reference sample custom file: preview, apply, everywhere (matrix, search, pages, heatmap, mappings, export, report, graph, backup), then removed again', async ({ page }) => {
  const app = new App(page);
  const model = new ModelSection(page);
  await app.openMatrix();
  await mark(app, SBOM.name);
  await mark(app, BUILD.name);

  await model.upload('custom-activities.yaml', SAMPLE);
  await expect(page.getByText('Applying it makes a model of 195 activities: 1 added, 2 changed, 0 removed from the official model v4.3.1.')).toBeVisible();
  const changes = model.changes();
  await expect(changes).toContainText('added: Build and Deployment / Build / New CUSTOM activity');
  await expect(changes).toContainText('renamed: “Defined build process” to “Defined OUR build process”');
  await expect(changes).toContainText('changed: Build and Deployment / Build / Defined OUR build process (description)');
  await expect(changes).toContainText('removed: Build and Deployment / Build / SBOM of components');
  // Nothing is stored before the user applies it.
  expect((await app.storage())[KEY]).toBeUndefined();

  await model.apply(195);
  const custom = page.locator('.matrix li.act', { hasText: 'New CUSTOM activity' });
  await expect(custom.locator('.origin')).toHaveText('custom');
  const ours = page.locator('.matrix li.act', { hasText: 'Defined OUR build process' });
  await expect(ours.locator('.origin')).toHaveText('customised');
  await expect(page.getByRole('link', { name: 'Defined build process', exact: true })).toHaveCount(0);
  await expect(page.getByRole('link', { name: SBOM.name, exact: true })).toHaveCount(0);
  // Progress goes by uuid: the renamed activity keeps its mark, and so does the SBOM
  // activity the file re-classified into its own dimension.
  await expect(app.toggle('Defined OUR build process')).toHaveAttribute('aria-pressed', 'true');
  await expect(app.toggle('Re-classify SBOM activity to CUSTOM dimension')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('rowheader', { name: /CUSTOM sub-dimension/ })).toBeVisible();
  // The filter bar offers the new dimension; search finds the custom text.
  await expect(page.getByRole('combobox', { name: 'Dimension' }).locator('option', { hasText: 'New CUSTOM dimension' })).toHaveCount(1);
  await page.getByRole('searchbox', { name: 'Search' }).fill('specific to your organization');
  await expect(page.getByRole('link', { name: 'New CUSTOM activity' })).toBeVisible();
  await expect(app.toggle('Pinning of artifacts')).toBeHidden();
  await page.getByRole('button', { name: 'Reset filters' }).click();

  // Its page, marked and rendered from the file, after a reload too.
  await page.reload();
  await app.started();
  await page.getByRole('link', { name: 'New CUSTOM activity' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /New CUSTOM activity/ })).toBeVisible();
  await expect(page.locator('.activity__origin')).toContainText('custom');
  await expect(page.getByText('This activity is an example of a custom activity that is specific to your organization.')).toBeVisible();
  await page.goto(`#/activity/${BUILD.uuid}`);
  await expect(page.getByRole('heading', { level: 1, name: /Defined OUR build process/ })).toBeVisible();
  await expect(page.getByText('This is an example with a custom title and description overriding the standard text.')).toBeVisible();
  // The partial override kept the official risk.
  await expect(page.getByRole('heading', { name: 'Risk' })).toBeVisible();
  // Heatmap and mappings list it too.
  await page.goto('#/mapping?q=custom');
  await expect(page.getByRole('link', { name: 'New CUSTOM activity' })).toBeVisible();
  // The spreadsheet export (the export module) writes it too.
  const [dl] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('group', { name: 'Download this table' }).getByRole('button', { name: 'CSV' }).click(),
  ]);
  const chunks: Buffer[] = [];
  for await (const c of await dl.createReadStream()) chunks.push(c as Buffer);
  expect(Buffer.concat(chunks).toString('utf8')).toContain('New CUSTOM activity');
  await page.goto('#/heatmap');
  await expect(page.getByRole('button', { name: /^CUSTOM sub-dimension, level 2/ })).toBeVisible();
  // The report lists it, marked; the dependency graph of the activity it replaced the title
  // of shows what depends on it.
  await page.goto('#/report');
  // The report lists activities with progress or evidence by default: every one here.
  await page.getByText('Report settings:').click();
  await page.getByRole('combobox', { name: 'Activities' }).selectOption({ label: 'All activities' });
  await expect(page.getByRole('heading', { level: 2, name: 'New CUSTOM dimension' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 4, name: /New CUSTOM activity.*custom/ })).toBeVisible();
  await page.goto(`#/activity/${BUILD.uuid}`);
  await expect(page.getByRole('region', { name: 'Dependency graph' }).getByRole('link', { name: /^Defined OUR build process, level 1, Build; this activity/ })).toBeVisible();

  // The one-file assessment carries it.
  const backup = (await app.downloadFile('dsomm-assessment.yaml')).toString('utf8');
  expect(backup).toContain('customActivities:\n  file: "custom-activities.yaml"');
  await expect(model.status()).toContainText('the custom activity file “custom-activities.yaml”');
  await expect(model.status()).toContainText('195 activities (1 custom, 2 customised; 0 removed)');

  await model.remove();
  await app.openMatrix();
  await expect(page.locator('.matrix .origin')).toHaveCount(0);
  await expect(app.toggle(SBOM.name)).toHaveAttribute('aria-pressed', 'true');
  await expect(app.toggle(BUILD.name)).toHaveAttribute('aria-pressed', 'true');
  expect((await app.storage())[KEY]).toBeUndefined();

  // Restoring the file brings the model back with it.
  await page.goto('#/data');
  await page.getByTestId('import-backup').setInputFiles({ name: 'dsomm-assessment.yaml', mimeType: 'application/yaml', buffer: Buffer.from(backup) });
  await expect(page.getByText(/Its model is the custom activity file “custom-activities.yaml” \(195 activities\)/)).toBeVisible();
  await Promise.all([
    page.waitForEvent('load'),
    page.getByRole('button', { name: 'Replace everything with this file' }).click(),
  ]);
  await app.openMatrix('#/', 195);
  await expect(page.getByRole('link', { name: 'New CUSTOM activity' })).toBeVisible();
});

test('an activity a custom file removes: gone, its progress kept aside under its name, back with the official model', async ({ page }) => {
  const app = new App(page);
  const model = new ModelSection(page);
  await app.openMatrix();
  await mark(app, SIGNING.name);
  const before = await app.progress(SIGNING.uuid);

  await model.upload('ours.yaml', `Build and Deployment:\n  Build:\n    ${SIGNING.name}:\n      ignore: true\n`);
  await expect(page.getByText('The progress and evidence of 1 activity it removes are kept')).toBeVisible();
  await model.apply(193);
  await expect(page.getByRole('link', { name: SIGNING.name, exact: true })).toHaveCount(0);
  await page.goto('#/data');
  const kept = page.getByRole('region', { name: 'Activities not in this model' });
  await expect(kept.getByRole('row', { name: new RegExp(SIGNING.uuid) })).toContainText(`${SIGNING.name} (removed by a custom activity file)`);
  expect(await app.progress(SIGNING.uuid)).toEqual(before);
  // Exported again in the reference format.
  expect(await app.download()).toContain(SIGNING.uuid);

  await model.remove();
  await app.openMatrix();
  await expect(app.toggle(SIGNING.name)).toHaveAttribute('aria-pressed', 'true');
  await page.goto('#/data');
  await expect(page.getByRole('heading', { name: 'Kept for activities not in this model' })).toBeHidden();
});

test('a custom file with problems lists each with its place and changes nothing', async ({ page }) => {
  const app = new App(page);
  const model = new ModelSection(page);
  await app.openMatrix();
  const file = [
    'Build and Deployment:',
    '  Build:',
    '    Pinning of artifacts:',
    '      uuid: 11111111-1111-1111-1111-111111111111',
    '      level: 2',
    'Ours:',
    '  Here:',
    '    Too high:',
    '      uuid: 22222222-2222-2222-2222-222222222222',
    '      level: 9',
    '',
  ].join('\n');
  await model.upload('broken.yaml', file);
  await expect(page.getByText('“broken.yaml” cannot be applied: 2 problems found. Nothing was changed.')).toBeVisible();
  const problems = page.getByRole('list', { name: 'Problems' });
  await expect(problems).toContainText('Ours / Here / Too high: level: 9 is out of range 1-5');
  await expect(problems).toContainText('Build and Deployment / Build / Pinning of artifacts: the activity “Pinning of artifacts” exists with a different uuid');
  await expect(page.getByRole('button', { name: 'Apply this model' })).toHaveCount(0);
  expect((await app.storage())[KEY]).toBeUndefined();
  // A stored custom model that is not one (corrupted storage) leaves the official model
  // and says so; the value is kept until the user removes it.
  await page.evaluate((k) => localStorage.setItem(k, '{"format":1,"broken'), KEY);
  await page.reload();
  await app.openMatrix();
  await page.goto('#/data');
  await expect(page.getByText(/A custom activity file is stored in this browser but not used: it cannot be read/)).toBeVisible();
  expect((await app.storage())[KEY]).toBe('{"format":1,"broken');
  await model.remove();
  expect((await app.storage())[KEY]).toBeUndefined();
});

test('names of activities with progress are kept, so one a newer model drops is listed under its last known name', async ({ page }) => {
  const app = new App(page);
  await app.openMatrix();
  await mark(app, SIGNING.name);
  // The pages module stores the names when it starts and when the page is hidden.
  await page.reload();
  await app.started();
  await page.goto('#/data');
  await expect.poll(async () => JSON.parse((await app.storage())['dsomm.v1.names'] ?? '{}')[SIGNING.uuid]).toBe(SIGNING.name);
  // As if an older model had an activity this one does not: its progress and its name.
  const retired = 'aaaaaaaa-0000-4000-8000-000000000001';
  await page.evaluate(([u, from]) => {
    localStorage.setItem(`dsomm.v3.progress.${u}`, localStorage.getItem(`dsomm.v3.progress.${from}`)!);
    const names = JSON.parse(localStorage.getItem('dsomm.v1.names')!);
    names[u] = 'Retired <b>activity</b>';
    localStorage.setItem('dsomm.v1.names', JSON.stringify(names));
  }, [retired, SIGNING.uuid]);
  await page.reload();
  await app.started();
  const kept = page.getByRole('region', { name: 'Activities not in this model' });
  await expect(kept.getByRole('row', { name: new RegExp(retired) })).toContainText('Retired <b>activity</b> (last known name)');
});
