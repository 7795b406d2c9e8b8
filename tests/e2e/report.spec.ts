import { test, expect } from './fixtures';
import { App, BUILD } from './app';

test('the report: configured in settings, a summary, states as text, printable on A4', async ({ page }) => {
  const app = new App(page);
  await app.openMatrix();
  await app.toggle(BUILD.name).click();
  await app.stateSelect('Pinning of artifacts').selectOption('Started');
  await page.goto(`#/activity/${BUILD.uuid}`);
  await page.getByRole('button', { name: 'Add evidence' }).first().click();
  await page.getByRole('textbox', { name: 'Title (required)' }).fill('Pipeline reviewed');
  await page.getByRole('textbox', { name: 'Description' }).fill('See [the wiki](https://wiki.example.com/build).');
  await page.getByRole('button', { name: 'Save evidence' }).click();
  await expect(page.getByText('Evidence saved.')).toBeVisible();
  await page.getByRole('navigation').getByRole('link', { name: 'Report' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'DSOMM assessment report' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'activities ·' })).toHaveText('194 activities · 4 teams');

  // Summary: per dimension and level, implemented of applicable, per team.
  const summary = page.getByRole('table', { name: 'Implemented activities per dimension, team and level' });
  const teamA = summary.getByRole('row').filter({ hasText: 'Build and Deployment' }).first();
  await expect(teamA.getByRole('cell').first()).toHaveText('Team A');
  await expect(teamA.getByRole('cell').nth(1)).toHaveText('1 / 6');

  // Configure: one team, implemented only, a field more; kept over a reload.
  await page.getByText('Report settings: teams, dimensions, levels, fields, activities').click();
  await page.getByRole('combobox', { name: 'Teams' }).selectOption({ label: 'Team A' });
  await page.getByRole('combobox', { name: 'Activities' }).selectOption('Implemented only');
  await page.getByRole('checkbox', { name: 'Tools' }).check();
  await expect(page.getByRole('status').filter({ hasText: 'activities ·' })).toHaveText('1 activities · 1 teams');
  await page.reload();
  await expect(page.getByRole('status').filter({ hasText: 'activities ·' })).toHaveText('1 activities · 1 teams');
  const build = page.locator('.report__activity');
  await expect(build).toHaveCount(1);
  await expect(build.getByRole('heading', { level: 4 })).toContainText(BUILD.name);
  await expect(build.getByRole('listitem').first()).toHaveText(/^Team A: ● Fully implemented since \d{4}-\d\d-\d\d$/);
  await expect(build.getByRole('heading', { level: 5, name: 'Tools' })).toBeVisible();
  await expect(build.getByRole('link', { name: 'https://www.jenkins.io/' })).toBeVisible();
  await expect(build.getByRole('heading', { level: 5, name: 'Risk' })).toHaveCount(0);

  // Printing: the button asks the browser to print; the print styles show only the report,
  // a page break before each dimension, link targets written out.
  await page.evaluate(() => {
    (window as unknown as { printed: number }).printed = 0;
    window.print = () => { (window as unknown as { printed: number }).printed++; };
  });
  await page.getByRole('button', { name: 'Print / save as PDF' }).click();
  expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.topbar')).toBeHidden();
  await expect(page.locator('.report__controls')).toBeHidden();
  await expect(page.getByRole('heading', { level: 1, name: 'DSOMM assessment report' })).toBeVisible();
  const breaks = await page.locator('.report__dimension').evaluateAll((s) => s.map((e) => getComputedStyle(e).breakBefore));
  expect(breaks).toEqual(['page']);
  // A link in a text prints its address; a link that shows its address does not again.
  const wiki = build.getByRole('link', { name: 'the wiki' });
  expect(await wiki.evaluate((a) => getComputedStyle(a, '::after').content)).toBe('" <https://wiki.example.com/build>"');
  const jenkins = build.getByRole('link', { name: 'https://www.jenkins.io/' });
  expect(await jenkins.evaluate((a) => getComputedStyle(a, '::after').content)).toBe('none');
  const pdf = await page.pdf({ format: 'A4' });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  await page.emulateMedia({ media: 'screen' });

  // Not implemented, up to level 1, one dimension left out.
  await page.getByText('Report settings: teams, dimensions, levels, fields, activities').click();
  await page.getByRole('combobox', { name: 'Activities' }).selectOption('Not implemented only');
  await page.getByRole('combobox', { name: 'Up to level' }).selectOption('Level 1');
  await page.getByRole('checkbox', { name: 'Culture and Organization' }).uncheck();
  await expect(page.getByRole('heading', { level: 2, name: 'Culture and Organization' })).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 4, name: new RegExp(BUILD.name) })).toHaveCount(0);
  const levels = await page.locator('.report__level').allInnerTexts();
  expect(levels.length).toBeGreaterThan(5);
  expect(levels.every((l) => l.trim() === '· level 1')).toBe(true);
  // Every dimension starts a new printed page.
  await page.emulateMedia({ media: 'print' });
  const pages = await page.locator('.report__dimension').evaluateAll((s) => s.map((e) => getComputedStyle(e).breakBefore));
  expect(pages).toEqual(['page', 'page', 'page', 'page']);
});

test('a renamed team stays the report\'s choice', async ({ page }) => {
  await page.goto('#/report');
  await page.getByText('Report settings: teams, dimensions, levels, fields, activities').click();
  await page.getByRole('combobox', { name: 'Teams' }).selectOption({ label: 'Team C' });
  await page.goto('#/teams');
  await page.getByRole('button', { name: 'Rename Team C' }).click();
  await page.getByRole('textbox', { name: 'New name for Team C' }).fill('Platform');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText(/renamed to/)).toBeVisible();
  await page.goto('#/report');
  await expect(page.locator('.report__facts')).toContainText('Platform');
  await page.reload();
  await expect(page.locator('.report__facts')).toContainText('Platform');
  await expect(page.getByRole('status').filter({ hasText: 'activities ·' })).toHaveText('194 activities · 1 teams');
});
