import AxeBuilder from '@axe-core/playwright';
import { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { App, BUILD } from './app';

// axe-core with the WCAG 2.0/2.1/2.2 A and AA rules on every page, in light and dark, also
// with the state a user reaches there (several teams chosen, a heatmap cell open, editors
// open, evidence recorded).
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

async function axe(page: Page, where: string) {
  const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const found = result.violations.map(
    (v) => `${where}: ${v.id} (${v.impact}) ×${v.nodes.length}: ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n    ')}`,
  );
  expect(found, `axe on ${where}`).toEqual([]);
}

for (const theme of ['light', 'dark'] as const) {
  test(`no WCAG 2.2 A/AA violation on any page (${theme})`, async ({ page }) => {
    test.setTimeout(90_000);
    await page.emulateMedia({ colorScheme: theme });
    const app = new App(page);
    await app.openMatrix();
    await app.toggle(BUILD.name).click();
    await app.stateSelect('Pinning of artifacts').selectOption('Started');
    await axe(page, 'matrix, one team');
    await page.getByRole('combobox', { name: 'Team', exact: true }).selectOption({ label: 'All teams' });
    await expect(page.locator('.matrix .act')).toHaveCount(194);
    await axe(page, 'matrix, all teams');
    await app.openMatrix('#/?tag=sca&q=dependency');
    await axe(page, 'matrix, filtered');

    await page.goto(`#/activity/${BUILD.uuid}`);
    await expect(page.getByRole('heading', { level: 1, name: BUILD.name })).toBeVisible();
    // Its fields below the description come once the page is painted (ui/later.rs).
    await expect(page.getByRole('region', { name: 'Dependency graph' })).toBeVisible();
    await axe(page, 'activity page');
    await page.getByRole('button', { name: 'Add evidence' }).first().click();
    await axe(page, 'activity page, evidence form');

    await page.goto('#/heatmap');
    await expect(page.getByRole('heading', { level: 1, name: 'Circular heatmap' })).toBeVisible();
    await page.getByRole('button', { name: /^Build, level 1:/ }).click();
    await axe(page, 'heatmap, a cell open');

    await page.goto('#/teams');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await axe(page, 'teams');

    await page.goto('#/settings');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.getByRole('button', { name: 'Edit progress states' }).click();
    await axe(page, 'settings, states editor open');

    await page.goto('#/data');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await axe(page, 'import / export');

    await page.goto('#/nowhere');
    await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    await axe(page, 'not found');
  });

  // The auditors' pages, with progress recorded and all teams chosen (a test of its own, so each stays
  // well within its time).
  test(`no WCAG 2.2 A/AA violation on the auditors' pages (${theme})`, async ({ page }) => {
    // Five full axe scans, the last of a 46-activity graph: 44-52 s alone, and it ran out of
    // 90 s once while the other worker built the 1000-team assessment (storage.spec).
    test.setTimeout(180_000);
    await page.emulateMedia({ colorScheme: theme });
    const app = new App(page);
    await app.openMatrix();
    await app.toggle(BUILD.name).click();
    await app.stateSelect('Pinning of artifacts').selectOption('Started');
    await page.getByRole('combobox', { name: 'Team', exact: true }).selectOption({ label: 'All teams' });
    await expect(page.locator('.matrix .act')).toHaveCount(194);

    await page.goto('#/mapping?sort=iso2022');
    await expect(page.getByRole('heading', { level: 1, name: 'Mappings' })).toBeVisible();
    await axe(page, 'mappings');
    await page.goto('#/mapping?view=samm2');
    await expect(page.getByRole('heading', { level: 1, name: 'Mappings' })).toBeVisible();
    await axe(page, 'mappings by SAMM stream');

    await page.goto('#/dependencies');
    await expect(page.getByRole('heading', { level: 1, name: 'Dependencies' })).toBeVisible();
    await axe(page, 'dependencies');

    await page.goto('#/report');
    await expect(page.getByRole('heading', { level: 1, name: 'DSOMM assessment report' })).toBeVisible();
    await page.getByText('Report settings: teams, dimensions, levels, fields, activities').click();
    await axe(page, 'report, settings open');

    await page.goto(`#/activity/${BUILD.uuid}`);
    await expect(page.getByRole('region', { name: 'Dependency graph' })).toBeVisible();
    await page.getByRole('combobox', { name: 'Show dependencies' }).selectOption('All steps');
    await axe(page, 'activity page, whole dependency graph');
  });
}
