import { test, expect } from './fixtures';
import { App, BUILD } from './app';
import { PROGRESS, writeDates } from './store';

const KEY = PROGRESS(BUILD.uuid);

test('a stored date with non-ASCII text is set aside, not a crash', async ({ page }) => {
  const app = new App(page);
  await app.openMatrix();
  await app.toggle('Pinning of artifacts').click();
  await page.evaluate((k) => localStorage.setItem(k, '{"Team A":{"Started":"2025-01-1é"}}'), KEY);
  await page.reload();
  await expect(page.locator('.matrix .act')).toHaveCount(194);
  await expect(page.getByRole('alert').filter({ hasText: 'Stored data under' })).toContainText('could not be read');
  await expect(app.toggle('Pinning of artifacts')).toHaveAttribute('aria-pressed', 'true');
  expect((await app.storage())[`dsomm.quarantine.${KEY}`]).toBe('{"Team A":{"Started":"2025-01-1é"}}');
});

test('unreadable stored evidence is set aside by the pages module, which says so', async ({ page }) => {
  const app = new App(page);
  await app.openMatrix();
  const key = `dsomm.v1.evidence.${BUILD.uuid}`;
  // The pages module has started (one starting after the write would set it aside before
  // the reload, which then only counts it).
  await page.goto('#/data');
  await page.getByTestId('import-file').waitFor({ state: 'attached' });
  await page.evaluate((k) => localStorage.setItem(k, '[{"id":'), key);
  await page.goto('#/');
  await page.reload();
  await expect(page.getByRole('alert').filter({ hasText: `Stored data under "${key}"` })).toContainText('It was set aside unchanged');
  expect((await app.storage())[`dsomm.quarantine.${key}`]).toBe('[{"id":');
  await page.goto('#/data');
  await expect(page.getByRole('heading', { name: 'Stored data that could not be read' })).toBeVisible();
  await expect(page.getByRole('button', { name: `Discard ${key}` })).toBeVisible();
});

test('a click keeps what another tab stored a moment ago for the same activity', async ({ page }) => {
  const app = new App(page);
  await app.openMatrix();
  // Written behind this tab's back (a same-tab write fires no storage event).
  await page.evaluate(([k, v]) => localStorage.setItem(k, v), [KEY, writeDates({ 'Team B': { Started: '2025-02-03' } })]);
  await app.toggle(BUILD.name).click();
  const stored = (await app.progress(BUILD.uuid))!;
  expect(stored['Team B']).toEqual({ Started: '2025-02-03' });
  expect(Object.keys(stored['Team A'])).toContain('Fully implemented');
});

test('storage cleared in another tab: this tab keeps the assessment and can save it back', async ({ page, context }) => {
  const app = new App(page);
  await app.openMatrix();
  await app.toggle(BUILD.name).click();
  const other = await context.newPage();
  await other.goto('#/data');
  await other.evaluate(() => localStorage.clear());
  await expect(page.getByRole('alert')).toContainText('Browser storage was cleared outside this tab');
  await expect(app.toggle(BUILD.name)).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('button', { name: 'Save to storage again' }).click();
  expect((await app.progress(BUILD.uuid))!['Team A']).toBeDefined();
});

test('a team deleted in another tab is no longer the selected team here', async ({ page, context }) => {
  const app = new App(page);
  await app.openMatrix();
  const other = await context.newPage();
  await other.goto('#/teams');
  other.once('dialog', (d) => d.accept());
  await other.getByRole('button', { name: 'Delete Team A' }).click();
  await expect(page.getByRole('combobox', { name: 'Team', exact: true })).toHaveValue('t:Team B');
  await expect(app.toggle(BUILD.name, 'Team B')).toBeVisible();
});

test('full storage: the change is refused with a message and nothing changes', async ({ page }) => {
  const app = new App(page);
  await app.openMatrix();
  await app.toggle(BUILD.name).click();
  await page.evaluate(() => {
    const chunk = 'x'.repeat(256 * 1024);
    let i = 0;
    try { for (; i < 100; i++) localStorage.setItem(`filler.${i}`, chunk); } catch {}
    try { for (let j = 0; j < 100000; j++) localStorage.setItem(`f.${j}`, 'x'.repeat(256)); } catch {}
    try { for (let j = 0; j < 100000; j++) localStorage.setItem(`g.${j}`, ''); } catch {}
  });
  const before = await app.assessment();
  await app.stateSelect('Pinning of artifacts').selectOption('Started');
  await expect(page.getByRole('alert')).toContainText('Browser storage is full');
  await expect(app.stateSelect('Pinning of artifacts')).toHaveValue('0');
  expect(await app.assessment()).toEqual(before);
  await page.evaluate(() => localStorage.clear());
});

test('unreadable progress written by another tab is never overwritten here', async ({ page, context }) => {
  const app = new App(page);
  await app.openMatrix();
  const other = await context.newPage();
  await other.goto('#/data');
  // Both of its modules have read the store (one starting later would set the value aside).
  await other.getByTestId('import-file').waitFor({ state: 'attached' });
  await other.evaluate((k) => localStorage.setItem(k, '{"Team A": garbage'), KEY);
  await expect(page.getByRole('alert').filter({ hasText: 'Another tab stored unreadable progress' })).toBeVisible();
  await app.toggle(BUILD.name).click();
  await expect(page.getByRole('alert').filter({ hasText: 'could not be read' }).last()).toBeVisible();
  expect((await app.storage())[KEY]).toBe('{"Team A": garbage');
});
