import { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { App, BUILD } from './app';

/** The boxes of the graph in `holder`, as laid out on screen. */
async function boxes(page: Page, holder = '.graph__holder') {
  return page.locator(`${holder} .graph__node`).evaluateAll((nodes) =>
    nodes.map((a) => {
      const r = (a.querySelector('rect') as SVGRectElement).getBBox();
      const texts = [...a.querySelectorAll('text')].map((t) => (t as SVGTextElement).getBBox());
      return { label: a.querySelector('title')?.textContent ?? '', x: r.x, y: r.y, w: r.width, h: r.height, texts: texts.map((t) => ({ x: t.x, y: t.y, w: t.width, h: t.height })) };
    }),
  );
}

type Box = Awaited<ReturnType<typeof boxes>>[number];

function expectNoOverlap(list: Box[]) {
  for (let i = 0; i < list.length; i++) {
    const a = list[i];
    // Every text inside its own box.
    for (const t of a.texts) {
      expect(t.x, a.label).toBeGreaterThanOrEqual(a.x);
      expect(t.x + t.w, a.label).toBeLessThanOrEqual(a.x + a.w);
      expect(t.y, a.label).toBeGreaterThanOrEqual(a.y);
      expect(t.y + t.h, a.label).toBeLessThanOrEqual(a.y + a.h);
    }
    for (const b of list.slice(i + 1)) {
      const apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
      expect(apart, `${a.label} / ${b.label}`).toBe(true);
    }
  }
}

test('an activity page draws its dependencies, the same every time, walkable by keyboard', async ({ page }) => {
  const app = new App(page);
  await app.openMatrix();
  await app.toggle(BUILD.name).click();
  await page.goto(`#/activity/${BUILD.uuid}`);
  const section = page.getByRole('region', { name: 'Dependency graph' });
  await expect(section).toBeVisible();
  await section.getByRole('combobox', { name: 'Show dependencies' }).selectOption('1 step');
  const graph = section.getByRole('group', { name: /^Dependency graph of Defined build process: \d+ activities/ });
  await expect(graph).toBeVisible();
  // The activity itself, marked as the current page, with its state as text.
  const self = graph.getByRole('link', { name: /^Defined build process, level 1, Build; this activity; Fully implemented$/ });
  await expect(self).toHaveAttribute('aria-current', 'page');
  const dependents = graph.getByRole('link', { name: /; depends on this activity; Not implemented$/ });
  const n = await dependents.count();
  expect(n).toBeGreaterThan(0);
  const first = await section.locator('.graph__holder').innerHTML();
  expectNoOverlap(await boxes(page));

  // Deterministic: the same drawing after a reload.
  await page.reload();
  await section.getByRole('combobox', { name: 'Show dependencies' }).selectOption('1 step');
  await expect(graph).toBeVisible();
  expect(await section.locator('.graph__holder').innerHTML()).toBe(first);

  // More steps: more boxes, still apart.
  await section.getByRole('combobox', { name: 'Show dependencies' }).selectOption('All steps');
  await expect(graph.getByRole('link')).not.toHaveCount(n + 1);
  expectNoOverlap(await boxes(page));

  // Keyboard: from the depth picker, Tab walks the boxes column by column; Enter opens one.
  await section.getByRole('combobox', { name: 'Show dependencies' }).focus();
  await page.keyboard.press('Tab');
  await expect(self).toBeFocused();
  await page.keyboard.press('Tab');
  const focused = page.locator('.graph__node:focus');
  // Its accessible name comes from its <title>.
  const label = await focused.locator('title').textContent();
  expect(label).toMatch(/; depends on this activity; /);
  const name = label!.split(', level ')[0];
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name, exact: true })).toBeVisible();
  await expect(page).not.toHaveURL(new RegExp(BUILD.uuid));
});

test('the dependencies page: one dimension at a time, in the URL, states follow the top bar', async ({ page }) => {
  const app = new App(page);
  await app.openMatrix();
  await app.toggle(BUILD.name).click();
  await page.getByRole('navigation').getByRole('link', { name: 'Dependencies' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Dependencies' })).toBeVisible();
  const graph = page.getByRole('group', { name: /^Dependency graph of Build and Deployment: \d+ activities/ });
  await expect(graph).toBeVisible();
  await expect(graph.getByRole('link', { name: /^Defined build process, level 1, Build; Fully implemented$/ })).toBeVisible();
  expectNoOverlap(await boxes(page));
  await app.selectTeam('All teams');
  await expect(graph.getByRole('link', { name: /^Defined build process, level 1, Build; 1 of 4 teams done$/ })).toBeVisible();

  await page.getByRole('combobox', { name: 'Dimension' }).selectOption('Culture and Organization');
  await expect(page).toHaveURL(/#\/dependencies\?dim=Culture\+and\+Organization&teams=all$/);
  const culture = page.getByRole('group', { name: /^Dependency graph of Culture and Organization: \d+ activities/ });
  await expect(culture).toBeVisible();
  expectNoOverlap(await boxes(page));
  await page.reload();
  await expect(culture).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Dimension' })).toHaveValue('Culture and Organization');
});

test('the mouse wheel over a graph scrolls the page, not the graph', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  const app = new App(page);
  await app.open('#/dependencies');
  const { graph, holder } = app.dependencyGraph('Build and Deployment');
  await expect(graph).toBeVisible();
  const box = (await holder.boundingBox())!;
  expect(box.y).toBeLessThan(600);
  await page.mouse.move(box.x + 100, box.y + 60);
  // A wheel sent before the page's first frames can be dropped.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  await page.mouse.wheel(0, 300);
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
  // Sideways scrolling is the box's only scrolling.
  expect(await holder.evaluate((h) => h.scrollTop)).toBe(0);
  expect(await holder.evaluate((h) => h.scrollHeight <= h.clientHeight)).toBe(true);
  expect(await holder.evaluate((h) => h.scrollWidth > h.clientWidth)).toBe(true);
});

test('another dimension starts at the left of its graph with the column heads in view', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  const app = new App(page);
  await app.open('#/dependencies');
  const first = app.dependencyGraph('Build and Deployment');
  await expect(first.graph).toBeVisible();
  const picker = page.getByRole('combobox', { name: 'Dimension' });
  await picker.focus();
  // Read far to the right and down, then pick the next dimension by keyboard.
  await first.holder.evaluate((h) => { h.scrollLeft = h.scrollWidth; });
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await expect(first.graph.getByText('Level 1', { exact: true })).not.toBeInViewport();
  await page.keyboard.press('ArrowDown');
  const { graph, holder } = app.dependencyGraph('Culture and Organization');
  await expect(graph).toBeVisible();
  await expect(picker).toBeFocused();
  await expect.poll(() => holder.evaluate((h) => h.scrollLeft)).toBe(0);
  const head = graph.getByText('Level 1', { exact: true });
  await expect(head).toBeInViewport();
  // Not under the sticky top bar.
  const bar = (await page.getByRole('banner').boundingBox())!;
  expect((await head.boundingBox())!.y).toBeGreaterThanOrEqual(bar.y + bar.height);
});
