import { test, expect } from './fixtures';
import { App, BUILD } from './app';

test('the matrix shows every activity of model 4.3.1 with level titles', async ({ page }) => {
  const app = new App(page);
  await app.openMatrix();
  await expect(page.getByRole('columnheader', { name: 'Level 1: Basic understanding of security practices' })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'Level 5: Advanced deployment of security practices at scale' })).toBeVisible();
  await expect(page.getByRole('rowheader', { name: /^Build \d+ of 6 done$/ })).toBeVisible();
  await expect(page.getByText('Showing 194 of 194 activities')).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Team', exact: true }).locator('optgroup[label=Teams] option')).toHaveText(['Team A', 'Team B', 'Team C', 'Team D']);
});

test('click marks done, reload keeps it, click again unmarks', async ({ page }) => {
  const app = new App(page);
  await app.openMatrix();
  const toggle = app.toggle(BUILD.name);
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(app.stateSelect(BUILD.name)).toHaveValue('3');
  await expect(page.getByRole('rowheader', { name: /^Build \d+ of 6 done$/ })).toContainText('1 of 6 done');
  const stored = (await app.progress(BUILD.uuid))!;
  expect(Object.keys(stored['Team A']).sort()).toEqual(['Fully implemented', 'Partly implemented', 'Started']);

  await page.reload();
  await expect(app.toggle(BUILD.name)).toHaveAttribute('aria-pressed', 'true');
  // Other teams are untouched.
  await app.selectTeam('Team B');
  await expect(app.toggle(BUILD.name, 'Team B')).toHaveAttribute('aria-pressed', 'false');
  await app.selectTeam('Team A');
  await app.toggle(BUILD.name).click();
  await expect(app.toggle(BUILD.name)).toHaveAttribute('aria-pressed', 'false');
  await page.reload();
  await expect(app.toggle(BUILD.name)).toHaveAttribute('aria-pressed', 'false');
  // Nothing held any more; the history keeps that it was done.
  expect(await app.progress(BUILD.uuid)).toEqual({});
  const history = (await app.history(BUILD.uuid))!['Team A'];
  expect(history.filter((e) => !e.reached).map((e) => e.state).sort()).toEqual(['Fully implemented', 'Partly implemented', 'Started']);
});

test('intermediate states and keyboard-only use', async ({ page }) => {
  const app = new App(page);
  await app.openMatrix();
  await app.stateSelect(BUILD.name).selectOption('Partly implemented');
  await expect(app.toggle(BUILD.name)).toHaveAttribute('aria-pressed', 'false');
  await expect(app.toggle(BUILD.name)).toHaveText('◑');
  await page.reload();
  await expect(app.stateSelect(BUILD.name)).toHaveValue('2');
  // Keyboard: focus the toggle and press Space, then Enter.
  await app.toggle(BUILD.name).focus();
  await page.keyboard.press('Space');
  await expect(app.toggle(BUILD.name)).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Enter');
  await expect(app.toggle(BUILD.name)).toHaveAttribute('aria-pressed', 'false');
  // Tab from the toggle reaches the activity link, and Enter opens it.
  await app.toggle(BUILD.name).focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: BUILD.name, exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: BUILD.name })).toBeVisible();
});

test('activity page shows every field and its URL works in a new tab and from reference links', async ({ page, context }) => {
  const app = new App(page);
  await app.openMatrix();
  await page.getByRole('link', { name: BUILD.name, exact: true }).click();
  // The URL names the page and the top bar's choice, so the link shows the same.
  await expect(page).toHaveURL(new RegExp(`#/activity/${BUILD.uuid}\\?team=Team\\+A$`));
  await expect(page.getByRole('heading', { level: 1, name: BUILD.name })).toBeVisible();
  for (const h of ['Description', 'Risk', 'Measure', 'Assessment', 'Tools (4)', 'References', 'Depends on', 'Required by', 'Team progress']) {
    await expect(page.getByRole('heading', { level: 2, name: h, exact: true })).toBeVisible();
  }
  await expect(page.getByRole('link', { name: 'Jenkins' })).toHaveAttribute('href', 'https://www.jenkins.io/');
  await expect(page.getByText('ISO 27001:2022')).toBeVisible();
  await expect(page.getByText('8.32', { exact: true })).toBeVisible();
  await expect(page.getByText('Knowledge')).toBeVisible();
  await expect(page.getByText('2 of 5 — Low (one discipline)')).toBeVisible();
  // Mark Team C from the activity page.
  await app.toggle(BUILD.name, 'Team C').click();
  await expect(app.toggle(BUILD.name, 'Team C')).toHaveAttribute('aria-pressed', 'true');

  const url = page.url();
  const tab = await context.newPage();
  await tab.goto(url);
  await expect(tab.getByRole('heading', { level: 1, name: BUILD.name })).toBeVisible();
  await expect(new App(tab).toggle(BUILD.name, 'Team C')).toHaveAttribute('aria-pressed', 'true');

  await tab.goto(`activity-description?uuid=${BUILD.uuid}`);
  await expect(tab.getByRole('heading', { level: 1, name: BUILD.name })).toBeVisible();
  await tab.goto(`activity-description?name=${encodeURIComponent(BUILD.name)}`);
  await expect(tab.getByRole('heading', { level: 1, name: BUILD.name })).toBeVisible();
  await tab.goto('#/activity/no-such-activity');
  await expect(tab.getByRole('heading', { level: 1, name: 'Activity not found' })).toBeVisible();
});

test('dependsOn links lead to the prerequisite activity', async ({ page }) => {
  await page.goto(`#/activity/${BUILD.uuid}`);
  const requiredBy = page.locator('section', { has: page.getByRole('heading', { name: 'Required by' }) });
  await requiredBy.getByRole('link').first().click();
  await expect(page.getByRole('heading', { level: 1, name: BUILD.name })).toBeHidden();
  const deps = page.locator('section', { has: page.getByRole('heading', { name: 'Depends on' }) });
  await deps.getByRole('link', { name: BUILD.name }).click();
  await expect(page.getByRole('heading', { level: 1, name: BUILD.name })).toBeVisible();
});

test('filters narrow the matrix and live in the URL', async ({ page }) => {
  const app = new App(page);
  await app.openMatrix();
  await page.getByRole('searchbox', { name: 'Search' }).fill('build process');
  await expect(page).toHaveURL(/q=build\+process/);
  const visible = page.locator('.matrix .act:visible');
  await expect(visible.first()).toBeVisible();
  const n = await visible.count();
  expect(n).toBeGreaterThan(0);
  expect(n).toBeLessThan(194);
  await page.reload();
  await expect(page.getByRole('searchbox', { name: 'Search' })).toHaveValue('build process');
  await expect(page.locator('.matrix .act:visible')).toHaveCount(n);

  await app.openMatrix('#/');
  await page.getByRole('button', { name: 'sca', exact: true }).click();
  await expect(page).toHaveURL(/tag=sca/);
  await expect(page.locator('.matrix .act:visible')).toHaveCount(7);
  await page.getByRole('combobox', { name: 'Dimension' }).selectOption({ label: 'Build' });
  await expect(page).toHaveURL(/sub=Build/);
  await expect(page.locator('.matrix .act:visible')).toHaveCount(1);
  // Only the cell that still shows an activity shows a count.
  await expect(page.locator('.matrix__cellcount:visible')).toHaveCount(1);
  await page.getByRole('searchbox', { name: 'Search' }).fill('zzzz-nothing');
  await expect(page.getByText('No activities match the selected filters.')).toBeVisible();
  await page.getByRole('button', { name: 'Reset filters' }).click();
  await expect(page.locator('.matrix .act:visible')).toHaveCount(194);

  // A shared link opens the same filtered view.
  await page.goto('#/?dim=Build+and+Deployment');
  await expect(page.locator('.matrix .act:visible')).toHaveCount(28);
});

test('a change in one tab shows in the other', async ({ page, context }) => {
  const a = new App(page);
  await a.openMatrix();
  const other = await context.newPage();
  const b = new App(other);
  await b.openMatrix();
  await a.toggle(BUILD.name).click();
  await expect(b.toggle(BUILD.name)).toHaveAttribute('aria-pressed', 'true');
  await b.stateSelect(BUILD.name).selectOption('Started');
  await expect(a.stateSelect(BUILD.name)).toHaveValue('1');
});

test('the date a state was reached can be back-filled on the activity page', async ({ page }) => {
  const app = new App(page);
  await app.openMatrix();
  await app.stateSelect(BUILD.name).selectOption('Partly implemented');
  await page.goto(`#/activity/${BUILD.uuid}`);
  await page.getByText('Edit dates of Team A').click();
  const details = page.locator('details', { hasText: 'Edit dates of Team A' });
  await details.getByLabel('Started').fill('2024-05-06');
  await details.getByLabel('Started').press('Enter');
  await page.reload();
  await expect(page.getByRole('row', { name: /^Team A/ })).toContainText('Started: 2024-05-06');
  await expect(app.stateSelect(BUILD.name)).toHaveValue('2');
  // The correction moved its entry to that day; it added none.
  const changes = page.getByRole('table', { name: 'Changes of state on this activity' });
  await expect(changes.getByRole('row')).toHaveCount(3);
  await expect(changes.getByRole('row').nth(2)).toContainText('2024-05-06');
  await expect(changes.getByRole('row').nth(2)).toContainText('○ Not implemented → ◔ Started');
});

test('lowering a state keeps the earlier change: the activity page lists it after a reload', async ({ page }) => {
  const app = new App(page);
  await app.openMatrix();
  await app.toggle(BUILD.name).click();
  await page.goto(`#/activity/${BUILD.uuid}`);
  await app.stateSelect(BUILD.name).selectOption('Started');
  await page.reload();
  await expect(app.stateSelect(BUILD.name)).toHaveValue('1');
  const changes = page.getByRole('table', { name: 'Changes of state on this activity' });
  const rows = changes.getByRole('row');
  // Header, the lowering (newest first), the earlier raise: same day, both kept.
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(1)).toContainText('● Fully implemented → ◔ Started');
  await expect(rows.nth(2)).toContainText('○ Not implemented → ● Fully implemented');
  await expect(rows.nth(1)).toContainText('Team A');
  // The reference format still says only what is held now.
  expect((await app.progress(BUILD.uuid))!['Team A']).toEqual({ Started: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
});
