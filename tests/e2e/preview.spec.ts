import { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { App, BUILD } from './app';

// index.html carries the matrix pre-rendered at build time (src/domain/views/preview.rs), shown until
// the app's wasm has started.

const blockWasm = (page: Page) => page.route(/\.wasm/, (r) => r.abort());

/** Where some activities are on the page (x, y in document coordinates). */
function positions(page: Page) {
  return page.evaluate(() =>
    ['Defined build process', 'WAF Advanced', 'Correlation of security events'].map((name) => {
      const a = [...document.querySelectorAll('.act__name')].find((x) => x.textContent === name)!;
      const r = a.getBoundingClientRect();
      return [Math.round(r.x), Math.round(r.y + scrollY)];
    }));
}

/** The activities laid out on the page, with where they are. */
function shownActivities(page: Page) {
  return page.evaluate(() => [...document.querySelectorAll('.act__name')]
    .filter((a) => a.getClientRects().length > 0)
    .map((a) => {
      const r = a.getBoundingClientRect();
      return `${a.textContent} ${Math.round(r.x)},${Math.round(r.y + scrollY)}`;
    }));
}

test('before the app runs: every activity, no claimed state, nothing to operate but links', async ({ page }) => {
  await blockWasm(page);
  await page.goto('#/');
  const preview = page.locator('#preview');
  await expect(preview.locator('.act')).toHaveCount(194);
  await expect(preview.getByRole('link', { name: BUILD.name, exact: true })).toHaveAttribute('href', `#/activity/${BUILD.uuid}`);
  await expect(preview.locator('[data-state], [data-progress]')).toHaveCount(0);
  await expect(preview.getByText('Not implemented')).toHaveCount(0);
  await expect(preview.locator(':is(button, select, input):enabled')).toHaveCount(0);
  // The app's code did not arrive: the preview says so instead of loading for ever.
  await expect(preview.getByRole('alert')).toContainText('The app could not start');
  await expect(preview.getByRole('alert')).toContainText('Your assessment is kept in this browser');
});

test('when the app cannot start, every page says so: a missing script, on the matrix and elsewhere', async ({ page }) => {
  await page.route(/\/dsomm-[0-9a-f]+\.js/, (r) => r.fulfill({ status: 404, body: 'gone' }));
  await page.goto('#/');
  await expect(page.locator('#preview').getByRole('alert')).toContainText('could not load dsomm-');
  await page.goto('#/data');
  await page.reload();
  await expect(page.locator('#preview .matrix-page')).toBeHidden();
  await expect(page.getByRole('alert')).toContainText('The app could not start (could not load dsomm-');
});

test('the live matrix takes the place of the preview without moving anything', async ({ page, context }) => {
  // The wasm never arrives (and never fails): the preview as it is while loading.
  await page.route(/\.wasm/, () => {});
  await page.goto('#/');
  await expect(page.locator('#preview .act')).toHaveCount(194);
  const before = await positions(page);

  const live = await context.newPage();
  const app = new App(live);
  await app.openMatrix();
  await expect(live.locator('.act')).toHaveCount(194);
  await expect(app.toggle(BUILD.name)).toBeEnabled();
  expect(await positions(live)).toEqual(before);
});

test('other pages, and a theme chosen in the settings, before the app runs', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('dsomm.v1.settings', '{"theme": "dark"}'));
  await blockWasm(page);
  await page.goto('#/?q=sbom');
  await expect(page.locator('#preview')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  // The preview claims no current page (it shows on every page), but looks it on the matrix.
  await expect(page.locator('#preview [aria-current]')).toHaveCount(0);
  const weight = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).evaluate((a) => getComputedStyle(a).fontWeight);
  expect([await weight('Matrix'), await weight('Teams')]).toEqual(['600', '400']);
  // Another page: the header at once (no page marked current, nor looking it), not the matrix.
  for (const path of ['#/data', `#/activity/${BUILD.uuid}`]) {
    await page.goto(path);
    await page.reload();
    await expect(page.locator('#preview .matrix-page')).toBeHidden();
    await expect(page.locator('#preview .footer')).toBeHidden();
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link', { name: 'Teams' })).toBeVisible();
    await expect(page.locator('#preview [aria-current]')).toHaveCount(0);
    const matrix = nav.getByRole('link', { name: 'Matrix' });
    const look = (a: Element) => ['fontWeight', 'color', 'borderBottomColor'].map((p) => getComputedStyle(a)[p as any]).join();
    expect(await matrix.evaluate(look)).toBe(await nav.getByRole('link', { name: 'Teams' }).evaluate(look));
  }
});

test('with fewer levels shown (a setting), the preview leaves out what the live matrix does', async ({ page, context }) => {
  await context.addInitScript(() => localStorage.setItem('dsomm.v1.settings', '{"maxLevel": 2}'));
  await page.route(/\.wasm/, () => {});
  await page.goto('#/');
  await expect(page.locator('#preview').getByRole('columnheader', { name: /^Level 3/ })).toBeHidden();
  await expect(page.locator('#preview').getByRole('columnheader', { name: /^Level 2/ })).toBeVisible();
  const before = await shownActivities(page);

  const live = await context.newPage();
  const app = new App(live);
  await app.openMatrix();
  await expect(app.toggle(BUILD.name)).toBeEnabled();
  const after = await shownActivities(live);
  expect(after.length).toBeGreaterThan(50);
  expect(after.length).toBeLessThan(194);
  expect(before).toEqual(after);
});
