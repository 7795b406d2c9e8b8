import { test, expect } from './fixtures';
import { App, BUILD } from './app';

const PINNING = 'f3c4971e-9f4d-4e59-8ed0-f0bdb6262477';

test('renaming a team carries its marks; deleting a team removes only its data', async ({ page }) => {
  const app = new App(page);
  await app.openMatrix();
  // Team A marks Build, Team B marks Pinning.
  await app.toggle(BUILD.name).click();
  await app.selectTeam('Team B');
  await app.toggle('Pinning of artifacts', 'Team B').click();

  await page.goto('#/teams');
  await page.getByRole('button', { name: 'Rename Team A' }).click();
  await page.getByRole('textbox', { name: 'New name for Team A' }).fill('O\'Brien: "ops"');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Team “Team A” renamed to “O\'Brien: "ops"”.')).toBeVisible();
  await page.reload();
  await app.openMatrix();
  await app.selectTeam('O\'Brien: "ops"');
  await expect(app.toggle(BUILD.name, 'O\'Brien: "ops"')).toHaveAttribute('aria-pressed', 'true');

  // Duplicate and empty names are refused with a message and change nothing.
  await page.goto('#/teams');
  await page.getByRole('button', { name: 'Rename Team C' }).click();
  await page.getByRole('textbox', { name: 'New name for Team C' }).fill('Team B');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('alert')).toContainText('There is already a team called “Team B”');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('textbox', { name: 'New team' }).fill('   ');
  await page.getByRole('button', { name: 'Add team' }).click();
  await expect(page.getByRole('alert')).toContainText('must not be empty');

  // Delete the first team: the others keep their own data (the reference app shifts it).
  page.once('dialog', (d) => {
    expect(d.message()).toContain('progress on 1 activity');
    d.accept();
  });
  await page.getByRole('button', { name: 'Delete O\'Brien: "ops"' }).click();
  await expect(page.getByRole('listitem').filter({ hasText: 'O\'Brien' })).toHaveCount(0);
  await page.reload();
  await app.openMatrix();
  await expect(page.getByRole('combobox', { name: 'Team', exact: true }).locator('optgroup[label=Teams] option')).toHaveText(['Team B', 'Team C', 'Team D']);
  await app.selectTeam('Team B');
  await expect(app.toggle('Pinning of artifacts', 'Team B')).toHaveAttribute('aria-pressed', 'true');
  await expect(app.toggle(BUILD.name, 'Team B')).toHaveAttribute('aria-pressed', 'false');
  expect(await app.progress(BUILD.uuid)).toBeUndefined();
});

test('teams can be added and reordered', async ({ page }) => {
  const app = new App(page);
  await app.openMatrix();
  await page.goto('#/teams');
  await page.getByRole('textbox', { name: 'New team' }).fill('Platform');
  await page.getByRole('button', { name: 'Add team' }).click();
  await page.getByRole('button', { name: 'Move Platform up' }).click();
  await expect(page.getByRole('button', { name: 'Move Platform up' })).toBeFocused();
  await page.reload();
  await app.openMatrix();
  await expect(page.getByRole('combobox', { name: 'Team', exact: true }).locator('optgroup[label=Teams] option')).toHaveText(['Team A', 'Team B', 'Team C', 'Platform', 'Team D']);
});

test('a rename being typed keeps its text and focus when another tab adds a team', async ({ page, context }) => {
  const app = new App(page);
  await app.openMatrix();
  await page.goto('#/teams');
  await page.getByRole('button', { name: 'Rename Team B' }).click();
  const field = page.getByRole('textbox', { name: 'New name for Team B' });
  await expect(field).toBeFocused();
  await field.press('End');
  await field.pressSequentially(' (payments)');

  const other = await context.newPage();
  await other.goto('#/teams');
  await other.getByRole('textbox', { name: 'New team' }).fill('Platform');
  await other.getByRole('button', { name: 'Add team' }).click();
  await expect(other.getByText('Team “Platform” added.')).toBeVisible();

  // This tab lists the new team (in the groups too), and the rename being typed is untouched.
  await expect(page.getByRole('button', { name: 'Rename Platform' })).toBeVisible();
  await expect(page.getByRole('group', { name: 'Customer' }).getByRole('checkbox', { name: 'Platform' })).toBeVisible();
  await expect(field).toHaveValue('Team B (payments)');
  await expect(field).toBeFocused();
  // Typing goes on where it was; saving renames the team and gives focus back to its row.
  await page.bringToFront();
  await page.keyboard.type(' EU');
  await page.keyboard.press('Enter');
  await expect(page.getByText('Team “Team B” renamed to “Team B (payments) EU”.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Rename Team B (payments) EU' })).toBeFocused();
  await expect(other.getByRole('button', { name: 'Rename Team B (payments) EU' })).toBeVisible();
});

test('groups: tick members, choose the group on the heatmap, membership follows a rename', async ({ page }) => {
  const app = new App(page);
  await app.openMatrix();
  await app.toggle(BUILD.name).click(); // Team A done
  await page.goto('#/teams');
  await page.getByRole('textbox', { name: 'New group' }).fill('Platform');
  await page.getByRole('button', { name: 'Add group' }).click();
  const platform = page.getByRole('group', { name: 'Platform' });
  await platform.getByRole('checkbox', { name: 'Team A' }).check();
  await expect(page.getByRole('group', { name: 'Platform' }).getByRole('checkbox', { name: 'Team A' })).toBeFocused();
  await platform.getByRole('checkbox', { name: 'Team C' }).check();
  await page.reload();
  await expect(page.getByRole('group', { name: 'Platform' }).getByRole('checkbox', { name: 'Team C' })).toBeChecked();

  await page.getByRole('button', { name: 'Rename Team A' }).click();
  await page.getByRole('textbox', { name: 'New name for Team A' }).fill('Alpha');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('group', { name: 'Platform' }).getByRole('checkbox', { name: 'Alpha' })).toBeChecked();

  await page.goto('#/heatmap');
  await page.getByRole('combobox', { name: 'Teams shown', exact: true }).selectOption({ label: 'Platform (Alpha, Team C)' });
  await expect(page.getByRole('button', { name: 'Build, level 1: 0 of 1 activities done, 50 %' })).toBeVisible();
});

test('teams overview: completed, in progress, last updated and the in-progress table', async ({ page }) => {
  const app = new App(page);
  await app.openMatrix();
  await app.toggle(BUILD.name).click();
  await app.stateSelect('Pinning of artifacts').selectOption('Partly implemented');
  await page.goto('#/teams');
  // The overview shows the top bar's choice (Team A).
  await expect(page.getByRole('combobox', { name: 'Teams shown', exact: true })).toHaveValue('t:Team A');
  const kpis = page.locator('.kpis');
  await expect(kpis.locator('.kpi').nth(0)).toContainText('1');
  await expect(kpis.locator('.kpi').nth(1)).toContainText('1');
  await expect(kpis.locator('.kpi').nth(2)).toContainText(/\d{4}-\d{2}-\d{2}/);
  const row = page.getByRole('table', { name: 'Activities in progress' }).getByRole('row', { name: /Pinning of artifacts/ });
  await expect(row).toContainText('Team A');
  // What changed since the chosen day (a month back): both clicks, newest first.
  const changed = page.getByRole('table', { name: 'Changes of state since the chosen day' });
  await expect(changed.getByRole('row', { name: /Pinning of artifacts/ })).toContainText('○ Not implemented → ◑ Partly implemented');
  await page.getByLabel('Changed since').fill('2999-01-01');
  await expect(changed).toContainText('No changes since that day.');
  // All teams (the top bar's choice too): nothing is completed by every team.
  await page.getByRole('combobox', { name: 'Teams shown', exact: true }).selectOption('');
  await expect(page.getByRole('combobox', { name: 'Team', exact: true })).toHaveValue('');
  await expect(kpis.locator('.kpi').nth(0)).toContainText('0');
  await expect(kpis.locator('.kpi').nth(1)).toContainText('2');
});

test('with many teams the Teams page lists 30, finds the others by name, and groups tick what was found', async ({ page }) => {
  const app = new App(page);
  await app.openMatrix();
  // 46 teams: the four defaults and 42 from a file, each with progress on Build and Pinning.
  const teams = Array.from({ length: 42 }, (_, i) => `Squad ${String(i + 1).padStart(2, '0')}`);
  const started = teams.map((t) => `    '${t}':\n      'Started': 2025-01-10\n`).join('');
  await app.upload('many.yaml', `progress:\n  ${BUILD.uuid}:\n${started}  ${PINNING}:\n${started}`);
  await page.getByRole('button', { name: 'Merge into my assessment' }).click();
  await expect(page.getByText(/Imported “many.yaml”/)).toBeVisible();

  await page.goto('#/teams?teams=all');
  // 84 records in progress: 50 listed, then 200 more on request (focus stays in the list).
  const inProgress = page.getByRole('region', { name: 'Activities in progress' });
  await expect(inProgress.getByRole('rowheader')).toHaveCount(50);
  await expect(inProgress).toContainText('… and 34 more (the first 50 are shown');
  await inProgress.getByRole('button', { name: 'Show 200 more' }).click();
  await expect(inProgress.getByRole('rowheader')).toHaveCount(84);
  await expect(inProgress.getByRole('button', { name: 'Show 200 more' })).toHaveCount(0);
  await expect(inProgress).toBeFocused();
  const changed = page.getByRole('region', { name: 'Changes of state since the chosen day' });
  await page.getByLabel('Changed since').fill('2025-01-01');
  await expect(changed.locator('tbody tr')).toHaveCount(51);
  await changed.getByRole('button', { name: 'Show 200 more' }).click();
  await expect(changed.locator('tbody tr')).toHaveCount(84);
  const list = page.locator('.teamlist');
  await expect(list.getByRole('button', { name: /^Rename / })).toHaveCount(30);
  await expect(list).toContainText('… and 16 more teams');
  await page.getByRole('searchbox', { name: 'Find a team' }).fill('squad 4');
  await expect(list.getByRole('button', { name: /^Rename / })).toHaveCount(3);
  await expect(list.getByText('Squad 42', { exact: true })).toBeVisible();
  await expect(list.getByText('progress on 2 activities').first()).toBeVisible();
  // The groups show the same teams: tick one found only by searching.
  const customer = page.getByRole('group', { name: 'Customer' });
  await expect(customer.getByRole('checkbox')).toHaveCount(3);
  await customer.getByRole('checkbox', { name: 'Squad 42' }).check();
  await page.reload();
  await page.getByRole('searchbox', { name: 'Find a team' }).fill('42');
  await expect(page.getByRole('group', { name: 'Customer' }).getByRole('checkbox', { name: 'Squad 42' })).toBeChecked();

  // An activity page lists 30 of its teams and finds the others.
  await page.goto(`#/activity/${BUILD.uuid}`);
  const table = page.getByRole('region', { name: 'Team progress' });
  await expect(table.getByRole('rowheader')).toHaveCount(30);
  await expect(table).toContainText('… and 16 more teams');
  await page.getByRole('searchbox', { name: 'Find a team' }).fill('Squad 42');
  await expect(table.getByRole('row', { name: /^Squad 42/ })).toContainText('Started: 2025-01-10');

  // The report counts teams per state instead of a line per team.
  await page.goto('#/report');
  await expect(page.locator('.report')).toContainText('All 46 teams');
  await expect(page.locator('.report')).toContainText('◔ Started: 42 teams');
});
