import { test, expect } from './fixtures';
import { App, BUILD } from './app';
import { PROGRESS, TEAMS } from './store';

const PINNING = 'a340f46b-6360-4cb8-847b-a0d3483d09d3';

test('a schema-2 store (as the previous version wrote it) opens as schema 3 and exports unchanged', async ({ page }) => {
  await page.addInitScript(([build, pinning]) => {
    if (sessionStorage.getItem('seeded')) return;
    sessionStorage.setItem('seeded', '1');
    localStorage.setItem('dsomm.schema', '2');
    localStorage.setItem('dsomm.v1.teams', JSON.stringify(['Team A', 'O\'Brien: "ops"']));
    localStorage.setItem(`dsomm.v1.progress.${build}`, JSON.stringify({
      'Team A': { Started: '2025-01-10', 'Partly implemented': '2025-02-01' },
      'O\'Brien: "ops"': { Started: '2025-04-02', Backlog: '2024-12-24' },
    }));
    localStorage.setItem(`dsomm.v1.progress.${pinning}`, JSON.stringify({ 'Team A': { 'Fully implemented': '2025-03-01' } }));
    localStorage.setItem('dsomm.v1.evidence.' + build, JSON.stringify([{ id: 'e-1', teams: ['Team A'], title: 'Reviewed', description: '', evidenceRecorded: '2025-05-01' }]));
    localStorage.setItem('dsomm.v1.team', 't:O\'Brien: "ops"');
  }, [BUILD.uuid, PINNING]);
  const app = new App(page);
  let loads = 0;
  page.on('load', () => loads++);
  await page.goto('#/');
  // The first module opens it read-only and says so; the pages module upgrades it, then
  // reloads the page.
  await expect.poll(() => loads, { timeout: 15_000 }).toBe(2);
  await app.openMatrix();
  const stored = await app.storage();
  expect(stored['dsomm.schema']).toBe('3');
  expect(Object.keys(stored).filter((k) => k.startsWith('dsomm.v1.progress.') || k === 'dsomm.v1.teams')).toEqual([]);
  expect(JSON.parse(stored[TEAMS]).teams.map((t: string[]) => t[1])).toEqual(['Team A', 'O\'Brien: "ops"']);
  expect(await app.progress(BUILD.uuid)).toEqual({
    'Team A': { Started: '2025-01-10', 'Partly implemented': '2025-02-01' },
    'O\'Brien: "ops"': { Started: '2025-04-02', Backlog: '2024-12-24' },
  });
  // The choice in the header and the evidence came along.
  await expect(page.getByRole('combobox', { name: 'Team', exact: true })).toHaveValue('t:O\'Brien: "ops"');
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(await app.download()).toBe(
    '# DSOMM team progress: activity uuid → team → progress state → date the state was reached\n' +
    'progress:\n' +
    `  ${BUILD.uuid}:  # ${BUILD.name}\n` +
    '    "O\'Brien: \\"ops\\"":\n' +
    '      "Started": 2025-04-02\n' +
    '      "Backlog": 2024-12-24\n' +
    '    "Team A":\n' +
    '      "Started": 2025-01-10\n' +
    '      "Partly implemented": 2025-02-01\n' +
    `  ${PINNING}:  # Building and testing of artifacts in virtual environments\n` +
    '    "Team A":\n' +
    '      "Fully implemented": 2025-03-01\n',
  );
  // The history starts with what the old store knew: reached on its date, recorded when
  // not known.
  await page.goto(`#/activity/${BUILD.uuid}`);
  const changes = page.getByRole('table', { name: 'Changes of state on this activity' });
  await expect(changes.getByRole('row', { name: /2025-02-01/ })).toContainText('◔ Started → ◑ Partly implemented');
  await expect(changes.getByRole('row', { name: /2025-02-01/ })).toContainText('not known');
  await expect(page.getByText('Reviewed')).toBeVisible();
});

test('a store over 80 % of the quota says how full it is and what to do', async ({ page }) => {
  await page.addInitScript(() => {
    if (sessionStorage.getItem('seeded')) return;
    sessionStorage.setItem('seeded', '1');
    // Another site part of the origin's storage (not the app's): 4.3 M characters.
    for (let i = 0; i < 43; i++) localStorage.setItem(`dsomm.quarantine.filler.${i}`, 'x'.repeat(100_000));
  });
  const app = new App(page);
  await app.openMatrix();
  await expect(page.getByRole('alert').filter({ hasText: /Browser storage is 8\d % full/ })).toContainText('Download your assessment');
  await page.goto('#/data');
  await expect(page.locator('#storage-usage')).toHaveText(/^Your assessment uses 8\d\.\d % of the space this browser gives the app\.$/);
});

/// Issue 10: a big organisation. Ten uploads of 100 teams each (every activity "Started",
/// then "Partly implemented"), then a click, a reload and an export.
test('a 1000-team assessment built from ten uploads, marked, reloaded and exported', async ({ page }) => {
  test.setTimeout(300_000);
  const app = new App(page);
  await app.openMatrix();
  const uuids = await page.locator('.matrix .act a.act__name').evaluateAll((links) =>
    [...new Set(links.map((a) => (a.getAttribute('href') ?? '').split('/').pop()!))].filter((u) => u !== ''));
  expect(uuids.length).toBe(194);
  const team = (i: number) => (i < 4 ? `Team ${'ABCD'[i]}` : `Team ${String(i).padStart(4, '0')}`);
  for (let k = 0; k < 10; k++) {
    let yaml = 'progress:\n';
    for (const u of uuids) {
      yaml += `  ${u}:\n`;
      for (let i = k * 100; i < k * 100 + 100; i++) {
        yaml += `    "${team(i)}":\n      "Started": 2025-01-10\n      "Partly implemented": 2025-06-01\n`;
      }
    }
    await app.upload(`teams-${k}.yaml`, yaml);
    await expect(page.getByText(/Merge: [\d,]+ records added/)).toBeVisible({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Merge into my assessment' }).click();
    await expect(page.getByText(`Imported “teams-${k}.yaml” (merged)`)).toBeVisible({ timeout: 30_000 });
  }
  await expect(page.locator('#storage-usage')).toContainText(/uses (6|7)\d\.\d % of the space/);
  const used = Object.entries(await app.storage()).reduce((n, [k, v]) => n + k.length + v.length, 0);
  expect(used).toBeLessThanOrEqual(5_242_880 * 0.8);
  await app.openMatrix();
  await expect(page.getByRole('combobox', { name: 'Team', exact: true }).locator('optgroup[label=Teams] option')).toHaveCount(1000);
  await app.selectTeam('t:Team 0999');
  await expect(app.stateSelect(BUILD.name, 'Team 0999')).toHaveValue('2');
  await app.toggle(BUILD.name, 'Team 0999').click();
  await expect(app.toggle(BUILD.name, 'Team 0999')).toHaveAttribute('aria-pressed', 'true');
  await page.reload();
  await app.started();
  await expect(app.toggle(BUILD.name, 'Team 0999')).toHaveAttribute('aria-pressed', 'true');
  const out = await app.download();
  expect(out.match(/"Partly implemented": 2025-06-01/g)!.length).toBe(194 * 1000);
  expect(out.match(/"Fully implemented": /g)!.length).toBe(1);
  expect(out).toContain('"Team 0999":');
  expect((await app.progress(BUILD.uuid))!['Team 0999']).toHaveProperty('Fully implemented');
  // The whole assessment, history included, downloads and restores (as after a browser
  // reset): nothing of it is lost.
  const backup = await app.downloadFile('dsomm-assessment.yaml');
  console.log(`1000 teams: team-progress.yaml ${out.length} bytes, dsomm-assessment.yaml ${backup.length} bytes`);
  const before = await app.progress(BUILD.uuid);
  await app.clearStorage();
  await page.reload();
  await app.started();
  await page.goto('#/data');
  await page.getByTestId('import-backup').setInputFiles({ name: 'dsomm-assessment.yaml', mimeType: 'application/yaml', buffer: backup });
  await page.getByRole('button', { name: 'Replace everything with this file' }).click({ timeout: 60_000 });
  await expect(page.getByText('The assessment was restored from the file.')).toBeVisible({ timeout: 60_000 });
  expect(await app.progress(BUILD.uuid)).toEqual(before);
  expect((await app.history(BUILD.uuid))!['Team 0999'].map((e) => e.recorded)).not.toContain(null);
});
