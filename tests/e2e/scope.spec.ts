import { test, expect } from './fixtures';
import { App, BUILD } from './app';

test('a group or all teams can be chosen in the matrix and on the activity page', async ({ page }) => {
  const app = new App(page);
  await app.openMatrix();
  await app.toggle(BUILD.name, 'Team A').click();
  const picker = page.getByRole('combobox', { name: 'Team', exact: true });
  await picker.selectOption({ label: 'Customer (Team A, Team B)' });

  // Per activity: how many of the group's teams are done, and "set all" (after asking).
  const row = page.getByRole('rowheader', { name: /^Build \d+ of \d+ done$/ });
  await expect(row).toContainText('0 of 6 done');
  const setAll = page.getByRole('combobox', { name: `Set ${BUILD.name} for all 2 teams shown` });
  await expect(page.locator('.act', { has: setAll }).locator('.status__count')).toContainText('1/2');
  page.once('dialog', (d) => { expect(d.message()).toContain('for 2 teams (Team A, Team B)'); d.dismiss(); });
  await setAll.selectOption({ label: 'Fully implemented' });
  await expect(row).toContainText('0 of 6 done');
  page.once('dialog', (d) => d.accept());
  await setAll.selectOption({ label: 'Fully implemented' });
  await expect(row).toContainText('1 of 6 done');
  await expect(page.locator('.act', { has: setAll }).locator('.status__count')).toContainText('2/2');

  // The choice is kept across a reload; the activity page shows only the group's teams.
  await page.reload();
  await expect(picker).toHaveValue('g:Customer');
  await page.goto(`#/activity/${BUILD.uuid}`);
  await expect(page.getByText('2 of 4 teams: group Customer (chosen in the top bar).')).toBeVisible();
  await expect(page.getByRole('rowheader', { name: 'Team C' })).toHaveCount(0);
  await expect(app.stateSelect(BUILD.name, 'Team B')).toHaveValue('3');

  await picker.selectOption({ label: 'All teams' });
  await expect(page.getByText('All 4 teams.')).toBeVisible();
  await expect(page.getByRole('rowheader', { name: 'Team C' })).toBeVisible();
  await app.openMatrix();
  await expect(row).toContainText('0 of 6 done');
  await picker.selectOption({ label: 'Team B' });
  await expect(app.toggle(BUILD.name, 'Team B')).toHaveAttribute('aria-pressed', 'true');
});

test('another team: the matrix stays where it was scrolled to, and a click counts once', async ({ page }) => {
  const app = new App(page);
  await app.openMatrix();
  const far = page.getByRole('link', { name: 'WAF Advanced', exact: true });
  await far.scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollBy(0, -200));
  // Cells coming into view are laid out a frame later (content-visibility): wait until the
  // link stays put, then measure.
  const y = async () => (await far.boundingBox())!.y;
  let before = await y();
  await expect.poll(async () => { const now = await y(); const still = now === before; before = now; return still; }).toBe(true);
  await app.selectTeam('Team B');
  await expect(app.toggle('WAF Advanced', 'Team B')).toBeVisible();
  expect(Math.abs((await y()) - before)).toBeLessThan(2);
  await app.selectTeam('Team C');
  await app.toggle('WAF Advanced', 'Team C').click();
  await expect(app.toggle('WAF Advanced', 'Team C')).toHaveAttribute('aria-pressed', 'true');
  expect(Math.abs((await y()) - before)).toBeLessThan(2);
  expect(Object.keys((await app.progress((await far.getAttribute('href'))!.split('/').pop()!))!)).toEqual(['Team C']);
});
