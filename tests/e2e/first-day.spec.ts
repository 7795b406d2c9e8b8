import { test, expect } from './fixtures';
import { App, BUILD } from './app';
import { PROGRESS } from './store';

// A security lead's first day (issue 19): what a first-time user tripped over.

test('the done toggle says what it does, a second click returns to Partly implemented, and Undo takes a click back', async ({ page }) => {
  const app = new App(page);
  await app.openMatrix();
  await app.stateSelect(BUILD.name).selectOption({ label: 'Partly implemented' });
  const partly = (await app.storage())[PROGRESS(BUILD.uuid)];
  const toggle = app.toggle(BUILD.name);
  await expect(toggle).toHaveAttribute('title', 'Mark as done (Fully implemented)');

  // One click, its notice and its Undo: the stored value is back byte for byte.
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(toggle).toHaveAttribute('title', 'Un-mark done: back to Partly implemented');
  const notice = page.getByRole('status').filter({ hasText: `${BUILD.name}, Team A: Partly implemented → Fully implemented.` });
  await notice.getByRole('button', { name: 'Undo' }).click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByRole('status').filter({ hasText: 'Undone.' })).toBeVisible();
  expect((await app.storage())[PROGRESS(BUILD.uuid)]).toEqual(partly);

  // A double click: done, then back to Partly implemented, not to Not implemented.
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await expect(app.stateSelect(BUILD.name)).toHaveValue('2');
  expect((await app.progress(BUILD.uuid))!['Team A']).toHaveProperty('Partly implemented');

  // The same on the activity page (the pages module).
  await page.goto(`#/activity/${BUILD.uuid}`);
  const onPage = app.toggle(BUILD.name);
  await expect(onPage).toHaveAttribute('title', 'Mark as done (Fully implemented)');
  await onPage.click();
  await expect(onPage).toHaveAttribute('title', 'Un-mark done: back to Partly implemented');
  await onPage.click();
  await expect(app.stateSelect(BUILD.name)).toHaveValue('2');
  await page.getByRole('status').filter({ hasText: 'Fully implemented → Partly implemented.' }).getByRole('button', { name: 'Undo' }).click();
  await expect(app.stateSelect(BUILD.name)).toHaveValue('3');
});

test('an Undo does not take back a change made since in another tab', async ({ page, context }) => {
  const app = new App(page);
  await app.openMatrix();
  await app.toggle(BUILD.name).click();
  const undo = page.getByRole('status').filter({ hasText: 'Not implemented → Fully implemented.' }).getByRole('button', { name: 'Undo' });
  await expect(undo).toBeVisible();
  const other = await context.newPage();
  const second = new App(other);
  await second.openMatrix();
  await second.stateSelect(BUILD.name).selectOption({ label: 'Started' });
  await expect(app.stateSelect(BUILD.name)).toHaveValue('1');
  const before = await app.assessment();
  await undo.click();
  await expect(page.getByRole('alert').filter({ hasText: 'Not undone: the activity was changed again since' })).toBeVisible();
  expect(await app.assessment()).toEqual(before);
});

test('notices show in view, do not stack up, and a success leaves by itself', async ({ page }) => {
  const app = new App(page);
  await app.openMatrix();
  const far = 'WAF Advanced';
  await app.toggle(far).scrollIntoViewIfNeeded();
  await app.toggle(far).click();
  await app.toggle(far).click();
  await app.toggle(BUILD.name).scrollIntoViewIfNeeded();
  await app.toggle(BUILD.name).click();
  // Shown notices: a success that left is hidden (style/app.css).
  const notices = page.locator('.notice:visible');
  // One success at a time: the newest.
  await expect(notices).toHaveCount(1);
  await expect(notices).toContainText(BUILD.name);
  const box = (await notices.boundingBox())!;
  const height = page.viewportSize()!.height;
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height).toBeLessThanOrEqual(height);
  // The page is not pushed down: the notice floats over it.
  await expect(notices).toHaveCSS('pointer-events', 'auto');
  expect(await page.locator('.notice-area').evaluate((e) => getComputedStyle(e).position)).toBe('fixed');
  // It stays while pointed at, then leaves by itself.
  await page.mouse.move(0, 0);
  await expect(notices).toHaveCount(0, { timeout: 20_000 });

  // The pages module's notices follow the same rules.
  await page.goto('#/teams');
  await page.getByRole('textbox', { name: 'New group' }).fill('Platform');
  await page.getByRole('button', { name: 'Add group' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Group “Platform” added.' })).toBeVisible();
  await page.getByRole('textbox', { name: 'New group' }).fill('Mobile');
  await page.getByRole('button', { name: 'Add group' }).click();
  await expect(notices).toHaveCount(1);
  await expect(notices).toContainText('Group “Mobile” added.');
  await page.mouse.move(0, 0);
  await expect(notices).toHaveCount(0, { timeout: 20_000 });
});

test('names that differ only in letter case or spaces are refused like duplicates; group changes are announced', async ({ page }) => {
  const app = new App(page);
  await app.open('#/teams');
  const before = await app.assessment();
  await page.getByRole('textbox', { name: 'New team' }).fill('team a');
  await page.getByRole('button', { name: 'Add team' }).click();
  await expect(page.getByRole('alert')).toContainText('There is already a team called “Team A”');
  await page.getByRole('textbox', { name: 'New team' }).fill('  Team A ');
  await page.getByRole('button', { name: 'Add team' }).click();
  await expect(page.getByRole('alert')).toContainText('There is already a team called “Team A”');
  await page.getByRole('textbox', { name: 'New group' }).fill(' customer');
  await page.getByRole('button', { name: 'Add group' }).click();
  await expect(page.getByRole('alert')).toContainText('There is already a group called “Customer”');
  expect(await app.assessment()).toEqual(before);

  // A team's own name in other letters is a rename.
  await page.getByRole('button', { name: 'Rename Team A' }).click();
  await page.getByRole('textbox', { name: 'New name for Team A' }).fill('TEAM A');
  await page.getByRole('textbox', { name: 'New name for Team A' }).press('Enter');
  await expect(page.getByText('Team “Team A” renamed to “TEAM A”.')).toBeVisible();

  await page.getByRole('checkbox', { name: 'Team C' }).first().check();
  await expect(page.getByRole('status').filter({ hasText: 'Team “Team C” added to group “Customer”.' })).toBeVisible();
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Delete group Internal' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Group “Internal” deleted.' })).toBeVisible();
});

test('one scope: the top bar, the URL, the heatmap, the Teams overview, mappings and the report agree', async ({ page }) => {
  const app = new App(page);
  await app.openMatrix();
  const header = page.getByRole('combobox', { name: 'Team', exact: true });
  await expect(page).toHaveURL(/#\/\?team=Team\+A$/);
  await header.selectOption({ label: 'Customer (Team A, Team B)' });
  await expect(page).toHaveURL(/#\/\?group=Customer$/);

  // The heatmap shows the top bar's choice; its picker changes the top bar's (and the URL).
  await page.getByRole('link', { name: 'Heatmap' }).click();
  const shown = page.getByRole('combobox', { name: 'Teams shown', exact: true });
  await expect(shown).toHaveValue('g:Customer');
  await expect(page).toHaveURL(/#\/heatmap\?group=Customer$/);
  await shown.selectOption({ label: 'Team B' });
  await expect(header).toHaveValue('t:Team B');
  await expect(page).toHaveURL(/#\/heatmap\?team=Team\+B$/);

  await page.getByRole('link', { name: 'Teams', exact: true }).click();
  await expect(page.getByRole('combobox', { name: 'Teams shown', exact: true })).toHaveValue('t:Team B');
  await expect(page).toHaveURL(/#\/teams\?team=Team\+B$/);

  await page.getByRole('link', { name: 'Mappings' }).click();
  await expect(page.getByText(/activities shown; states of Team B\./)).toBeVisible();
  await expect(page).toHaveURL(/#\/mapping\?team=Team\+B$/);

  await page.getByRole('link', { name: 'Report' }).click();
  await page.getByText('Report settings:').click();
  const reportTeams = page.getByRole('combobox', { name: 'Teams', exact: true });
  await expect(reportTeams).toHaveValue('t:Team B');
  await reportTeams.selectOption({ label: 'All teams' });
  await expect(header).toHaveValue('');
  await expect(page).toHaveURL(/#\/report\?teams=all$/);

  // A shared link sets the choice; one naming a team this browser lacks says so.
  await page.goto('#/heatmap?group=Internal');
  await expect(header).toHaveValue('g:Internal');
  await expect(shown).toHaveValue('g:Internal');
  await page.goto('#/?team=Nobody');
  await expect(page.getByRole('alert').filter({ hasText: 'The link shows Nobody, which is not in this browser' })).toBeVisible();
  await expect(header).toHaveValue('g:Internal');
  await expect(page).toHaveURL(/#\/\?group=Internal$/);
  await page.reload();
  await expect(header).toHaveValue('g:Internal');
});

test('with a group chosen, an activity shows how many teams are done and how many in progress', async ({ page }) => {
  const app = new App(page);
  await app.openMatrix();
  await app.stateSelect(BUILD.name, 'Team A').selectOption({ label: 'Started' });
  await app.selectTeam('t:Team B');
  await app.stateSelect(BUILD.name, 'Team B').selectOption({ label: 'Partly implemented' });
  await app.selectTeam('g:Customer');
  const setAll = page.getByRole('combobox', { name: `Set ${BUILD.name} for all 2 teams shown` });
  const act = page.locator('.act', { has: setAll });
  await expect(act.locator('.status__count')).toContainText('◑ 0/2');
  await expect(act.locator('.status__going')).toHaveText('2 in progress');
  await expect(act.locator('.status__count .visually-hidden')).toHaveText('Teams done: 0 of 2, in progress: 2');
  // The activity page's group control says the same.
  await page.goto(`#/activity/${BUILD.uuid}`);
  await expect(page.locator('.status__count').first()).toContainText('◑ 0/2');
  await expect(page.locator('.status__going').first()).toHaveText('2 in progress');
});

test('a first visit says the teams are examples and where the assessment is kept, until something is stored', async ({ page }) => {
  const app = new App(page);
  await app.openMatrix();
  const note = page.getByRole('complementary', { name: 'Getting started' });
  await expect(note).toBeVisible();
  await expect(note).toContainText('Team A–D and the groups Customer, Internal, Cloud and On-premise are examples');
  await expect(note).toContainText('stays in this browser only, until you export it');
  await note.getByRole('button', { name: 'Got it' }).click();
  await expect(note).toHaveCount(0);
  await app.toggle(BUILD.name).click();
  await page.reload();
  await app.started();
  await expect(page.getByRole('complementary', { name: 'Getting started' })).toBeHidden();
});
