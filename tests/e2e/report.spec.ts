import { test, expect } from './fixtures';
import { App, BUILD } from './app';
import { PROGRESS, writeDates } from './store';

/** Pages in a PDF: its page objects (Chromium writes them uncompressed). */
function pdfPages(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
}

/** The page estimate the toolbar shows ("About 3 pages when printed (A4)"). */
async function estimate(page: import('@playwright/test').Page): Promise<number> {
  const text = await page.getByRole('status').filter({ hasText: 'when printed' }).innerText();
  const m = text.match(/About (\d+) pages? when printed \(A4\)/);
  expect(m, text).not.toBeNull();
  return Number(m![1]);
}

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
  // Of all teams: the URL names the top bar's choice (it defaults to the first team).
  await page.goto('#/report?teams=all');
  await expect(page.getByRole('heading', { level: 1, name: 'DSOMM assessment report' })).toBeVisible();
  // By default the activities with progress or evidence: the two marked.
  await expect(page.getByRole('status').filter({ hasText: 'when printed' })).toContainText('2 activities · 4 teams');

  // Summary: per dimension and level, done of applicable, per team.
  const summary = page.getByRole('table', { name: 'Activities done and in progress per dimension, team and level' });
  const teamA = summary.getByRole('row').filter({ hasText: 'Build and Deployment' }).first();
  await expect(teamA.getByRole('cell').first()).toHaveText('Team A');
  await expect(teamA.getByRole('cell').nth(1)).toHaveText('1 / 6');
  // Pinning of artifacts (level 2), started: in progress beside the level's done.
  await expect(teamA.getByRole('cell').nth(2)).toContainText('1 in progress');

  // Configure: one team, implemented only, a field more; kept over a reload.
  await page.getByText('Report settings: teams, dimensions, levels, fields, activities').click();
  await page.getByRole('combobox', { name: 'Teams' }).selectOption({ label: 'Team A' });
  await page.getByRole('combobox', { name: 'Activities' }).selectOption('Implemented only');
  await page.getByRole('checkbox', { name: 'Tools' }).check();
  await expect(page.getByRole('status').filter({ hasText: 'when printed' })).toContainText('1 activity · 1 team');
  await page.reload();
  await expect(page.getByRole('status').filter({ hasText: 'when printed' })).toContainText('1 activity · 1 team');
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
  await expect(page.getByRole('status').filter({ hasText: 'when printed' })).toContainText('0 activities · 1 team');
});

test('by default the report lists the activities with progress or evidence, counts those in progress and says how many pages it prints', async ({ page }) => {
  const app = new App(page);
  await app.openMatrix();
  // Twelve activities spread over the model: ten with progress, two with evidence only.
  const all = await page.locator('.matrix .act a.act__name').evaluateAll((links) =>
    links.map((a) => ({ name: a.textContent!.trim(), uuid: a.getAttribute('href')!.split('/').pop()! })));
  expect(all).toHaveLength(194);
  const touched = Array.from({ length: 12 }, (_, k) => all[k * 16]);
  const states = ['Started', 'Partly implemented', 'Fully implemented'];
  const values: Record<string, string> = {};
  touched.slice(0, 10).forEach(({ uuid }, k) => {
    const dates: Record<string, Record<string, string>> = { 'Team A': { [states[k % 3]]: '2025-01-10' } };
    if (k % 2 === 0) dates['Team B'] = { Started: '2025-02-01' };
    values[PROGRESS(uuid)] = writeDates(dates);
  });
  for (const { uuid } of touched.slice(10)) {
    values[`dsomm.v1.evidence.${uuid}`] = JSON.stringify([{ id: `e-${uuid}`, teams: ['Team C'], title: 'Reviewed', description: 'The review notes.', evidenceRecorded: '2025-05-01' }]);
  }
  await page.evaluate((v) => { for (const [k, x] of Object.entries(v)) localStorage.setItem(k, x); }, values);
  await page.goto('#/report?teams=all');
  await page.reload();
  const status = page.getByRole('status').filter({ hasText: 'when printed' });
  await expect(status).toContainText('12 activities · 4 teams · About');
  const listed = await page.locator('.report__activity h4 a').allInnerTexts();
  expect(listed.sort()).toEqual(touched.map((t) => t.name).sort());

  // The summary counts the activities in progress beside those done.
  const summary = page.getByRole('table', { name: 'Activities done and in progress per dimension, team and level' });
  const wip = await summary.locator('.report__wip').allInnerTexts();
  const teamA = summary.getByRole('row').filter({ hasText: 'Team A' });
  await expect(teamA.first()).toBeVisible();
  // Team A: ten activities, three of them done (k = 2, 5, 8), seven in progress.
  const totals = await summary.locator('tr').evaluateAll((rows) => rows
    .filter((r) => r.querySelector('.report__name')?.textContent === 'Team A')
    .map((r) => r.lastElementChild!.textContent!));
  const sum = (re: RegExp) => totals.reduce((n, t) => n + Number(t.match(re)?.[1] ?? 0), 0);
  expect(sum(/^(\d+) \//)).toBe(3);
  expect(sum(/(\d+) in progress/)).toBe(7);
  expect(wip.length).toBeGreaterThan(0);

  // The estimate is close to what printing makes.
  const shown = await estimate(page);
  expect(shown).toBeLessThanOrEqual(12);
  await page.emulateMedia({ media: 'print' });
  const printed = pdfPages(await page.pdf({ format: 'A4', preferCSSPageSize: true }));
  await page.emulateMedia({ media: 'screen' });
  expect(Math.abs(shown - printed) <= Math.max(1, printed * 0.25), `shown ${shown}, printed ${printed}`).toBe(true);

  // All activities: many more pages, the estimate follows the settings.
  await page.getByText('Report settings: teams, dimensions, levels, fields, activities').click();
  await expect(page.getByRole('combobox', { name: 'Activities' })).toHaveValue('progressOrEvidence');
  await page.getByRole('combobox', { name: 'Activities' }).selectOption('All activities');
  await expect(status).toContainText('194 activities · 4 teams');
  const shownAll = await estimate(page);
  await page.emulateMedia({ media: 'print' });
  const printedAll = pdfPages(await page.pdf({ format: 'A4', preferCSSPageSize: true }));
  expect(Math.abs(shownAll - printedAll) <= Math.max(1, printedAll * 0.25), `shown ${shownAll}, printed ${printedAll}`).toBe(true);
  expect(shownAll).toBeGreaterThan(shown * 3);
});

test('a stored choice of all activities is kept', async ({ page }) => {
  await page.addInitScript(() => {
    if (sessionStorage.getItem('seeded')) return;
    sessionStorage.setItem('seeded', '1');
    localStorage.setItem('dsomm.v1.settings', JSON.stringify({ theme: 'dark', report: { scope: '', hiddenDimensions: [], maxLevel: 5, fields: ['description'], activities: 'all' } }));
  });
  await page.goto('#/report?teams=all');
  await expect(page.getByRole('status').filter({ hasText: 'when printed' })).toContainText('194 activities · 4 teams');
  // A value of a later version takes the default and keeps the other settings.
  await page.evaluate(() => localStorage.setItem('dsomm.v1.settings', JSON.stringify({ theme: 'dark', report: { maxLevel: 2, activities: 'someday' } })));
  await page.reload();
  await expect(page.getByRole('status').filter({ hasText: 'when printed' })).toContainText('0 activities · 4 teams');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.getByText('Report settings: teams, dimensions, levels, fields, activities').click();
  await expect(page.getByRole('combobox', { name: 'Up to level' })).toHaveValue('2');
});
