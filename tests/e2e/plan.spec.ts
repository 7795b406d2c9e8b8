import { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { App, BUILD } from './app';

const TARGETS = 'dsomm.v1.targets';

/** Page object of the plan page (`#/plan`). */
class PlanPage {
  constructor(readonly page: Page, readonly app: App) {}

  async open() {
    await this.page.goto('#/plan');
    await expect(this.page.getByRole('heading', { name: 'Plan', level: 1 })).toBeVisible();
  }

  level(of: string) {
    return this.page.getByRole('combobox', { name: `Level of ${of}`, exact: true });
  }

  stillToDo() {
    return this.page.getByRole('heading', { name: /^Still to do for team/ });
  }

  /** The progress table's row of `team`. */
  row(team: string) {
    return this.page.getByRole('region', { name: 'Progress of each team to its target' }).getByRole('row', { name: new RegExp(`^${team}\\b`) });
  }

  async stored() {
    return JSON.parse((await this.app.storage())[TARGETS] ?? '{"teams":{},"groups":{}}');
  }
}

test('a target is set, edited with the keyboard and the mouse, scored, kept over a reload and a rename, and inherited from a group', async ({ page }) => {
  const app = new App(page);
  const plan = new PlanPage(page, app);
  await app.openMatrix();
  await app.selectTeam('Team A');
  await app.toggle(BUILD.name).click();

  await plan.open();
  await expect(page.getByText('Team “Team A” has no target of its own.')).toBeVisible();
  await page.getByRole('button', { name: 'Set a target' }).click();
  // Level 1 everywhere: Team A has done one of its activities.
  await expect(plan.level('Build and Deployment')).toHaveValue('1');
  await expect(plan.stillToDo()).toBeVisible();
  await expect(page.getByText(/^1 of \d+ activities of the target done/)).toBeVisible();
  await expect(plan.row('Team A')).toContainText('Own');

  // Level 3 for Build and Deployment, chosen with the keyboard: each step is stored and the
  // picker keeps focus (it is not built again).
  const before = Number((await plan.stillToDo().textContent())!.match(/\((\d+)\)/)![1]);
  await plan.level('Build and Deployment').focus();
  await page.keyboard.press('ArrowDown');
  await expect(plan.level('Build and Deployment')).toHaveValue('2');
  await expect(plan.level('Build and Deployment')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(plan.level('Build and Deployment')).toHaveValue('3');
  await expect(plan.level('Build and Deployment')).toBeFocused();
  expect((await plan.stored()).teams['Team A'].dimensions['Build and Deployment']).toBe(3);
  await page.keyboard.press('ArrowUp');
  await expect(plan.level('Build and Deployment')).toHaveValue('2');
  // Its sub-dimensions say which level they follow.
  await expect(plan.level('Build').locator('option:checked')).toHaveText('As its dimension (Level 2)');
  await expect.poll(async () => Number((await plan.stillToDo().textContent())!.match(/\((\d+)\)/)![1])).toBeGreaterThan(before);
  expect((await plan.stored()).teams['Team A'].dimensions['Build and Deployment']).toBe(2);

  // A sub-dimension at another level than its dimension, then back.
  await plan.level('Build').selectOption('0');
  expect((await plan.stored()).teams['Team A'].subdimensions).toEqual({ Build: 0 });
  await expect(page.getByRole('link', { name: BUILD.name })).toHaveCount(0);
  await plan.level('Build').selectOption('inherit');
  expect((await plan.stored()).teams['Team A'].subdimensions).toBeUndefined();

  // A due date in the past: behind, said in words.
  await page.getByLabel('Due date').fill('2025-01-31');
  await page.getByLabel('Due date').dispatchEvent('change');
  await expect(plan.row('Team A')).toContainText('Behind');
  await expect(page.getByText('Behind: the due date has passed.')).toBeVisible();
  await page.getByRole('button', { name: 'No due date' }).click();
  await expect(plan.row('Team A')).toContainText('On the way');

  // An activity its levels leave out, added by hand and taken out again.
  const outside = page.getByRole('combobox', { name: 'Add an activity its levels leave out' });
  await expect(outside.locator('option', { hasText: 'Pinning of artifacts' })).toHaveCount(0); // Build level 2 holds it
  await outside.selectOption({ index: 1 });
  const picked = (await outside.locator('option:checked').textContent())!;
  const uuid = await outside.inputValue();
  await page.getByRole('button', { name: 'Add to the target' }).click();
  await expect(page.getByRole('button', { name: `Take out: ${picked}` })).toBeVisible();
  expect((await plan.stored()).teams['Team A'].added).toEqual([uuid]);
  await expect(outside.locator('option', { hasText: picked })).toHaveCount(0);

  // Kept over a reload, and over a rename of the team.
  await page.reload();
  await expect(plan.level('Build and Deployment')).toHaveValue('2');
  await expect(page.getByRole('button', { name: `Take out: ${picked}` })).toBeVisible();
  await page.goto('#/teams');
  await page.getByRole('button', { name: 'Rename Team A' }).click();
  await page.getByRole('textbox', { name: 'New name for Team A' }).fill('Payments');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Team “Team A” renamed to “Payments”.')).toBeVisible();
  expect(Object.keys((await plan.stored()).teams)).toEqual(['Payments']);

  // A group's target: Team B (in "Customer", no target of its own) follows it.
  await page.getByRole('combobox', { name: 'Team', exact: true }).selectOption('g:Customer');
  await plan.open();
  await page.getByRole('button', { name: 'Set a target' }).click();
  await expect(plan.row('Team B')).toContainText('Group Customer');
  await expect(plan.row('Payments')).toContainText('Own');
  await app.selectTeam('Team B');
  await expect(page.getByText('Team “Team B” has no target of its own. It follows the target of group “Customer”.')).toBeVisible();

  // Removing asks first.
  await page.getByRole('combobox', { name: 'Team', exact: true }).selectOption('g:Customer');
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Remove this target' }).click();
  await expect(page.getByRole('button', { name: 'Set a target' })).toBeVisible();
  expect((await plan.stored()).groups).toEqual({});
});

test('targets travel in the one-file assessment and a restore preview says so', async ({ page }) => {
  const app = new App(page);
  const plan = new PlanPage(page, app);
  await app.openMatrix();
  await app.selectTeam('Team C');
  await plan.open();
  await page.getByRole('button', { name: 'Set a target' }).click();
  await expect(plan.level('Implementation')).toHaveValue('1');
  const file = (await app.downloadFile('dsomm-assessment.yaml')).toString('utf8');
  expect(file).toContain('targets:\n  teams:\n    "Team C": {"dimensions":{');
  // Restored over an assessment without targets: the preview names them, the restore writes them.
  await app.clearStorage();
  await app.openMatrix();
  await page.goto('#/data');
  await app.upload('dsomm-assessment.yaml', file);
  await expect(page.getByText('Its 1 target replaces yours.', { exact: false })).toBeVisible();
  await page.getByRole('button', { name: 'Replace everything with this file' }).click();
  await expect.poll(async () => Object.keys((await plan.stored()).teams)).toEqual(['Team C']);
});

test('stored targets that cannot be read are set aside with a message, and the page still works', async ({ page }) => {
  const app = new App(page);
  await page.addInitScript(([key]) => {
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem(key, '{"teams":{"Team A":{"dimensions":{"Build and Deployment":9}}}}');
      sessionStorage.setItem('seeded', '1');
    }
  }, [TARGETS]);
  await app.openMatrix();
  await expect(page.getByRole('alert').filter({ hasText: 'dsomm.v1.targets' })).toContainText('could not be read');
  // Set aside byte for byte, not lost.
  expect((await app.storage())['dsomm.quarantine.dsomm.v1.targets']).toContain('"Build and Deployment":9');
  await app.selectTeam('Team A');
  const plan = new PlanPage(page, app);
  await plan.open();
  await expect(page.getByText('Team “Team A” has no target of its own.')).toBeVisible();
});

test('an activity page puts the activity into the chosen target or leaves it out, and counts the teams it is open for', async ({ page }) => {
  const app = new App(page);
  const plan = new PlanPage(page, app);
  await app.openMatrix();
  await app.selectTeam('Team A');
  await plan.open();
  await page.getByRole('button', { name: 'Set a target' }).click();
  await expect(plan.level('Build and Deployment')).toHaveValue('1');

  await page.goto(`#/activity/${BUILD.uuid}`);
  await expect(page.getByText('In the target of team “Team A”.')).toBeVisible();
  await page.getByRole('button', { name: 'Leave out of the target' }).click();
  await expect(page.getByText('Not in the target of team “Team A” (left out by hand).')).toBeVisible();
  expect((await plan.stored()).teams['Team A'].leftOut).toEqual([BUILD.uuid]);
  await page.getByRole('button', { name: 'Add to the target' }).click();
  await expect(page.getByText('In the target of team “Team A”.')).toBeVisible();
  expect((await plan.stored()).teams['Team A'].leftOut).toBeUndefined();

  // Team B has no target: the page says so and where to set one.
  await app.selectTeam('Team B');
  await expect(page.getByText('Team “Team B” has no target of its own.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Set one on the Plan page' })).toHaveAttribute('href', '#/plan');
  // Every team: how many have it in their target and not done.
  await page.getByRole('combobox', { name: 'Team', exact: true }).selectOption('');
  await expect(page.getByText('In the target of 1 of the teams shown; 1 of them have not done it yet.')).toBeVisible();

  // The Teams overview shows each team's progress to its target.
  await page.goto('#/teams');
  await expect(page.getByRole('heading', { name: 'Progress to target', level: 3 })).toBeVisible();
  await expect(plan.row('Team A')).toContainText('Own');
  await expect(plan.row('Team B')).toContainText('No target');
});

test('with storage full a target change is refused with a message, and the pickers show what is stored', async ({ page }) => {
  const app = new App(page);
  const plan = new PlanPage(page, app);
  await app.openMatrix();
  await app.selectTeam('Team A');
  await plan.open();
  await page.getByRole('button', { name: 'Set a target' }).click();
  await expect(plan.level('Implementation')).toHaveValue('1');
  await page.evaluate(() => {
    const chunk = 'x'.repeat(256 * 1024);
    try { for (let i = 0; i < 100; i++) localStorage.setItem(`filler.${i}`, chunk); } catch {}
    try { for (let j = 0; j < 100000; j++) localStorage.setItem(`f.${j}`, 'x'.repeat(256)); } catch {}
    try { for (let j = 0; j < 100000; j++) localStorage.setItem(`g.${j}`, ''); } catch {}
  });
  const before = await app.assessment();
  // An override makes the stored value longer: it does not fit.
  await plan.level('Application Hardening').selectOption('4');
  await expect(page.getByRole('alert').filter({ hasText: 'Nothing was changed.' })).toContainText('storage is full');
  await expect(plan.level('Application Hardening')).toHaveValue('inherit');
  expect(await app.assessment()).toEqual(before);
  await page.evaluate(() => localStorage.clear());
});
