// The app built with custom activity files (tests/fixtures/custom-build/ours.yaml): the
// organisation's activities are in the matrix and on their pages, marked; an official one
// it removed is gone, its stored progress kept and exported.
import { test, expect } from '../e2e/fixtures';
import { App } from '../e2e/app';
import { PROGRESS, writeDates } from '../e2e/store';

const SIGN_COMMITS = '6c0d7e1a-8f52-4c39-9d6e-3b7f1a2e4c58';
const SIGNING_OF_CODE = '9f107927-61e9-4574-85ad-3f2b4bca8665';

test('a build with custom activity files: added, changed and removed activities, marked; progress of a removed one kept', async ({ page }) => {
  const app = new App(page);
  // 194 official activities, one removed, two added.
  await app.openMatrix('#/', 195);
  const act = (name: string) => page.locator('.act').filter({ has: page.getByRole('link', { name, exact: true }) });
  await expect(act('Sign commits on protected branches').locator('.origin')).toHaveText('custom');
  await expect(act('Defined build process (our pipeline)').locator('.origin')).toHaveText('customised');
  await expect(act('Pinning of artifacts').locator('.origin')).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Signing of code', exact: true })).toHaveCount(0);
  await expect(page.getByRole('rowheader', { name: 'Our platform' })).toBeVisible();

  // A custom activity is marked like any other, under its own uuid.
  await app.toggle('Sign commits on protected branches').click();
  expect(Object.keys((await app.progress(SIGN_COMMITS)) ?? {})).toEqual(['Team A']);

  // Its page says where it comes from and renders its text as the model's.
  await page.goto(`#/activity/${SIGN_COMMITS}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign commits on protected branches');
  await expect(page.getByText("Your organisation's own activity (a custom activity file).")).toBeVisible();
  await expect(page.locator('em', { hasText: 'verified' })).toBeVisible();

  // Progress stored for the removed activity (by an earlier build) is kept and exported.
  await page.evaluate(([k, v]) => localStorage.setItem(k, v), [PROGRESS(SIGNING_OF_CODE), writeDates({ 'Team A': { Started: '2025-01-10' } })]);
  await page.reload();
  await page.goto('#/data');
  const kept = page.getByRole('region', { name: 'Activities not in this model' });
  await expect(kept.getByRole('row', { name: new RegExp(SIGNING_OF_CODE) })).toContainText('Signing of code (removed by a custom activity file)');
  await expect(kept.getByRole('row', { name: new RegExp(SIGNING_OF_CODE) }).getByRole('cell').nth(2)).toHaveText('1');
  const exported = await app.download();
  expect(exported).toContain(`${SIGNING_OF_CODE}:  # not in the embedded model`);
  expect(exported).toContain(`${SIGN_COMMITS}:  # Sign commits on protected branches`);
});
