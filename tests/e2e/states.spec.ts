import { test, expect } from './fixtures';
import { App, BUILD } from './app';

const TEST = { name: 'Pinning of artifacts' }; // also in Build

test('progress states: rename carries marks, delete asks about dates, not applicable, reset', async ({ page }) => {
  const app = new App(page);
  await app.openMatrix();
  await app.stateSelect(BUILD.name).selectOption({ label: 'Started' });
  await app.toggle(TEST.name).click();

  await page.goto('#/settings');
  await page.getByRole('button', { name: 'Edit progress states' }).click();
  // Rename "Started" and delete "Partly implemented"; add a 75 % state.
  await page.getByRole('textbox', { name: 'State name' }).nth(1).fill('Begun');
  await page.getByRole('button', { name: 'Delete Partly implemented' }).click();
  await page.getByRole('button', { name: 'Add a state' }).click();
  await page.getByRole('button', { name: 'Save progress states' }).click();
  await expect(page.getByRole('alert')).toContainText('Every progress state needs a name');
  await page.getByRole('textbox', { name: 'State name' }).nth(2).fill('Mostly done');
  await page.getByRole('checkbox', { name: /Offer a “not applicable” state/ }).check();
  await page.getByRole('button', { name: 'Save progress states' }).click();
  // The done activity reached "Partly implemented" on its way: that date needs a decision.
  await expect(page.getByRole('alert')).toContainText('Choose what happens to the 1 dates held by “Partly implemented”');
  await page.getByRole('combobox', { name: /“Partly implemented” holds 1 dates that would be lost/ }).selectOption({ label: 'Delete these dates' });
  await page.getByRole('button', { name: 'Save progress states' }).click();
  await expect(page.getByRole('cell', { name: 'Mostly done' })).toHaveCount(0);
  await expect(page.getByRole('rowheader', { name: 'Mostly done' })).toBeVisible();
  await expect(page.getByRole('rowheader', { name: 'Not applicable' })).toBeVisible();

  await app.openMatrix();
  await expect(app.stateSelect(BUILD.name)).toHaveValue('1');
  await expect(app.stateSelect(BUILD.name).locator('option:checked')).toHaveText('Begun');
  // Not applicable leaves the activity out of the counts.
  const row = page.getByRole('rowheader', { name: /^Build \d+ of \d+ done$/ });
  await expect(row).toContainText('1 of 6 done');
  await app.stateSelect(BUILD.name).selectOption({ label: 'Not applicable' });
  await expect(row).toContainText('1 of 5 done');
  await page.reload();
  await expect(app.stateSelect(BUILD.name).locator('option:checked')).toHaveText('Not applicable');
  expect((await app.progress(BUILD.uuid))!['Team A']).toHaveProperty('Begun');

  // Deleting a state that holds dates asks what to do with them.
  await page.goto('#/settings');
  await page.getByRole('button', { name: 'Edit progress states' }).click();
  await page.getByRole('button', { name: 'Delete Begun' }).click();
  await page.getByRole('button', { name: 'Save progress states' }).click();
  await expect(page.getByRole('alert')).toContainText('Choose what happens to the 2 dates held by “Begun”');
  await page.getByRole('combobox', { name: /“Begun” holds 2 dates that would be lost/ }).selectOption({ label: 'Move them to “Mostly done”' });
  await page.getByRole('button', { name: 'Save progress states' }).click();
  await expect(page.getByRole('rowheader', { name: 'Begun' })).toHaveCount(0);

  // Reset to defaults really resets (and asks about the dates of states that go).
  await page.getByRole('button', { name: 'Edit progress states' }).click();
  await page.getByRole('button', { name: 'Reset to defaults' }).click();
  await page.getByRole('button', { name: 'Save progress states' }).click();
  for (const name of ['Mostly done', 'Not applicable']) {
    const choice = page.getByRole('combobox', { name: new RegExp(`“${name}” holds`) });
    if (await choice.count()) await choice.selectOption({ label: 'Delete these dates' });
  }
  await page.getByRole('button', { name: 'Save progress states' }).click();
  await expect(page.getByRole('rowheader', { name: 'Partly implemented' })).toBeVisible();
  await expect(page.getByRole('rowheader', { name: 'Mostly done' })).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('rowheader', { name: 'Partly implemented' })).toBeVisible();
  await app.openMatrix();
  // The done mark on the other activity never moved.
  await expect(app.toggle(TEST.name)).toHaveAttribute('aria-pressed', 'true');
});

test('reset to defaults shows exactly the default rows', async ({ page }) => {
  await page.goto('#/settings');
  await page.getByRole('button', { name: 'Edit progress states' }).click();
  // Keyboard focus moves into the editor.
  await expect(page.getByRole('textbox', { name: 'State name' }).first()).toBeFocused();
  await page.getByRole('textbox', { name: 'State name' }).nth(1).fill('Begun');
  await page.getByRole('textbox', { name: 'State name' }).nth(3).fill('Done');
  await page.getByRole('button', { name: 'Save progress states' }).click();
  await expect(page.getByRole('rowheader', { name: 'Done' })).toBeVisible();
  await page.getByRole('button', { name: 'Edit progress states' }).click();
  await page.getByRole('button', { name: 'Reset to defaults' }).click();
  const names = page.getByRole('textbox', { name: 'State name' });
  await expect(names).toHaveCount(4);
  for (const [i, n] of ['Not implemented', 'Started', 'Partly implemented', 'Fully implemented'].entries()) {
    await expect(names.nth(i)).toHaveValue(n);
  }
  await page.getByRole('button', { name: 'Save progress states' }).click();
  await expect(page.getByRole('rowheader', { name: 'Fully implemented' })).toBeVisible();
  await expect(page.getByRole('rowheader', { name: 'Done' })).toHaveCount(0);
});

test('with five states the done mark is styled as done, not by its position', async ({ page }) => {
  const app = new App(page);
  await page.goto('#/settings');
  await page.getByRole('button', { name: 'Edit progress states' }).click();
  await page.getByRole('button', { name: 'Add a state' }).click();
  await page.getByRole('textbox', { name: 'State name' }).nth(3).fill('Mostly');
  await page.getByRole('button', { name: 'Save progress states' }).click();
  await expect(page.getByRole('rowheader', { name: 'Mostly' })).toBeVisible();
  await app.openMatrix();
  await app.toggle(BUILD.name).click();
  const status = page.locator('.act', { has: app.toggle(BUILD.name) }).locator('.status');
  await expect(status).toHaveAttribute('data-state', '4');
  await expect(status).toHaveAttribute('data-progress', 'done');
  await app.stateSelect(BUILD.name).selectOption({ label: 'Partly implemented' });
  await expect(status).toHaveAttribute('data-progress', 'partial');
});

test('a state name that a reader would refuse is refused in the editor, and nothing is set aside', async ({ page }) => {
  const app = new App(page);
  await app.openMatrix();
  await app.stateSelect(BUILD.name).selectOption({ label: 'Started' });
  await page.goto('#/settings');
  await page.getByRole('button', { name: 'Edit progress states' }).click();
  // U+2028 (a line separator) once passed the editor and made the progress unreadable.
  await page.getByRole('textbox', { name: 'State name' }).nth(1).fill('Begun\u2028now');
  await page.getByRole('button', { name: 'Save progress states' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'State name refused' })).toContainText('control character');
  await page.reload();
  await app.openMatrix();
  await expect(app.stateSelect(BUILD.name).locator('option:checked')).toHaveText('Started');
  const stored = await app.storage();
  expect(Object.keys(stored).filter((k) => k.startsWith('dsomm.quarantine.'))).toEqual([]);
  expect(stored['dsomm.v1.settings'] ?? '').not.toContain('\u2028');
});
