import { test, expect } from './fixtures';
import { App, BUILD } from './app';

test('the heatmap is keyboard operable and agrees with the matrix', async ({ page }) => {
  const app = new App(page);
  await app.openMatrix();
  await app.toggle(BUILD.name).click();
  await page.getByRole('navigation').getByRole('link', { name: 'Heatmap', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Circular heatmap' })).toBeVisible();
  // The top bar's choice, Team A: Build, level 1 has one activity, done.
  const cell = page.getByRole('button', { name: 'Build, level 1: 1 of 1 activities done, 100 %' });
  await expect(cell).toBeVisible();
  // All 4 teams (chosen here, for the top bar too): done by one of 4, 25 %.
  await page.getByRole('combobox', { name: 'Teams shown', exact: true }).selectOption({ label: 'All teams' });
  await expect(page.getByRole('button', { name: 'Build, level 1: 0 of 1 activities done, 25 %' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Team', exact: true })).toHaveValue('');
  await page.getByRole('combobox', { name: 'Teams shown', exact: true }).selectOption('Team A');
  await expect(cell).toBeVisible();

  // Keyboard only: focus the one tab stop, move with arrows, open with Enter.
  await cell.focus();
  await page.keyboard.press('ArrowUp');
  await expect(page.getByRole('button', { name: /^Build, level 2: 0 of 3 activities done, 0 %$/ })).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByRole('button', { name: /^Test Intensity, level 2/ })).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 2, name: 'Build, Level 2: Adoption of basic security practices' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Progress of Pinning of artifacts for Team A' }).selectOption('Partly implemented');
  await expect(page.getByRole('button', { name: 'Build, level 2: 0 of 3 activities done, 17 %' })).toBeVisible();
  // Set every activity of the cell for the teams shown.
  await page.getByRole('combobox', { name: 'Set every activity here for all teams shown' }).selectOption('Fully implemented');
  page.once('dialog', (d) => {
    expect(d.message()).toContain('Set all 3 activities of this cell to “Fully implemented” for 1 team (Team A)');
    d.accept();
  });
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByRole('button', { name: 'Build, level 2: 3 of 3 activities done, 100 %' })).toBeVisible();

  await app.openMatrix();
  await expect(app.toggle('Pinning of artifacts')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('rowheader', { name: /^Build \d+ of 6 done$/ })).toContainText('4 of 6 done');
});

test('empty cells are reachable and say so', async ({ page }) => {
  await page.goto('#/heatmap');
  const empty = page.getByRole('button', { name: 'Build, level 4: no activities' });
  await expect(empty).toHaveAttribute('aria-disabled', 'true');
  await empty.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByText('This cell has no activities.')).toBeVisible();
});
