import { test, expect } from './fixtures';
import { App, BUILD } from './app';

test('settings persist and every page reacts: max level, date format, theme', async ({ page }) => {
  const app = new App(page);
  await app.openMatrix();
  await app.toggle(BUILD.name).click();
  await page.getByRole('navigation').getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByRole('slider', { name: 'Highest maturity level shown' }).fill('3');
  await expect(page.getByText('Maturity levels 1-3 only')).toBeVisible();
  // Every format shows a sample date (the locales' samples come once the page is shown).
  const formats = page.getByRole('combobox', { name: 'Dates are shown as' });
  await expect(formats.locator('option')).toHaveText([
    'ISO 8601 (2025-01-31) — 2025-01-31', /^Browser default — .*2025/, 'English (UK) — 31/01/2025', 'English (US) — 01/31/2025',
    'German — 31.01.2025', 'Dutch — 31-01-2025', 'Swedish — 2025-01-31', 'Japanese — 2025/01/31', /^Hungarian — 2025\. ?01\. ?31\.?$/,
  ]);
  await formats.selectOption('de');
  await page.getByRole('radio', { name: 'Dark' }).check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');

  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await app.openMatrix();
  await expect(page.getByRole('columnheader', { name: /^Level 3/ })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: /^Level 4/ })).toBeHidden();
  await expect(page.getByText('Showing 144 of 194 activities')).toBeVisible();
  await expect(page.getByRole('rowheader', { name: /^Build \d+ of \d+ done$/ })).toContainText('1 of 5 done');

  await page.goto('#/heatmap');
  await expect(page.getByRole('button', { name: /^Build, level 3/ })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Build, level 4/ })).toHaveCount(0);

  await page.goto(`#/activity/${BUILD.uuid}`);
  await expect(page.getByRole('row', { name: /^Team A/ })).toContainText(/Started: \d{2}\.\d{2}\.\d{4}/);

  await page.goto('#/settings');
  await page.getByRole('radio', { name: 'Follow the system' }).check();
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /.*/);
});

test('the level slider shows its five steps, each under the place the thumb stops', async ({ page }) => {
  const app = new App(page);
  await app.open('#/settings');
  const slider = page.getByRole('slider', { name: 'Highest maturity level shown' });
  const steps = page.locator('#level-steps option');
  await expect(steps).toHaveCount(5);
  const box = (await slider.boundingBox())!;
  const centres: number[] = [];
  for (let i = 0; i < 5; i++) {
    await expect(steps.nth(i)).toBeVisible();
    await expect(steps.nth(i)).toHaveAttribute('label', String(i + 1));
    const b = (await steps.nth(i).boundingBox())!;
    expect(b.y).toBeGreaterThanOrEqual(box.y + box.height - 2);
    centres.push(b.x + b.width / 2);
  }
  // Evenly spaced over the track, the first and the last inside the slider's ends.
  expect(centres[0]).toBeGreaterThan(box.x);
  expect(centres[4]).toBeLessThan(box.x + box.width);
  const gaps = centres.slice(1).map((c, i) => c - centres[i]);
  for (const g of gaps) expect(Math.abs(g - gaps[0])).toBeLessThan(2);
  // The keyboard still moves it a step at a time.
  await slider.focus();
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowLeft');
  await expect(slider).toHaveValue('4');
});

test('a chosen date format shows its sample at once, on a cold load of the settings', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('dsomm.v1.settings', '{"dateFormat": "de"}'));
  const app = new App(page);
  await app.open('#/settings');
  const formats = page.getByRole('combobox', { name: 'Dates are shown as' });
  await expect(formats).toHaveValue('de');
  // The chosen option is never shown without its sample, not even in the first frame.
  expect(await formats.evaluate((s: HTMLSelectElement) => s.selectedOptions[0].textContent)).toBe('German — 31.01.2025');
});
