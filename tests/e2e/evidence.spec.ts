import { test, expect } from './fixtures';
import { App, BUILD } from './app';

test('evidence: add, edit, delete single entries; reload keeps them; bad URLs are refused', async ({ page }) => {
  const app = new App(page);
  await app.open(`#/activity/${BUILD.uuid}`);
  await expect(page.getByText('No evidence recorded for this activity yet.')).toBeVisible();

  await page.getByRole('button', { name: 'Add evidence' }).click();
  await expect(page.getByRole('textbox', { name: 'Title (required)' })).toBeFocused();
  await page.getByRole('checkbox', { name: 'Team C' }).check();
  await page.getByRole('textbox', { name: 'Title (required)' }).fill('Pipeline config reviewed');
  await page.getByRole('textbox', { name: 'Description' }).fill('Jenkinsfile has a **SAST** stage, see [the job](https://ci.example.com/job/1).\n<script>alert(1)</script> [bad](javascript:alert(1))');
  await page.getByRole('textbox', { name: 'Reviewer' }).fill('Jane Doe');
  await page.getByLabel('Date recorded').fill('2025-03-01');
  await page.getByRole('button', { name: 'Add attachment' }).click();
  await page.getByRole('textbox', { name: 'Attachment URL' }).fill('javascript:alert(1)');
  await page.getByRole('button', { name: 'Save evidence' }).click();
  await expect(page.getByRole('alert')).toContainText(/http/);
  await page.getByRole('textbox', { name: 'Attachment URL' }).fill('https://jira.example.com/ABC-1');
  await page.getByRole('button', { name: 'Save evidence' }).click();

  // Listed once, under both its teams; the description is text, never markup.
  await expect(page.getByRole('heading', { name: 'Team A, Team C · 1 entry' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Pipeline config reviewed' })).toHaveCount(1);
  await expect(page.getByRole('heading', { name: 'Team A · 1 entry' })).toHaveCount(0);
  await expect(page.locator('.evidence script')).toHaveCount(0);
  await expect(page.locator('.evidence__description').first()).toContainText('<script>alert(1)</script>');
  // Markdown is rendered (only safe links); the javascript: link stays text.
  await expect(page.locator('.evidence__description strong').first()).toHaveText('SAST');
  await expect(page.locator('.evidence__description a', { hasText: 'the job' }).first()).toHaveAttribute('href', 'https://ci.example.com/job/1');
  await expect(page.locator('.evidence a[href^="javascript"]')).toHaveCount(0);
  await expect(page.locator('.evidence__description').first()).toContainText('[bad](javascript:alert(1))');
  await expect(page.getByRole('link', { name: 'https://jira.example.com/ABC-1' }).first()).toHaveAttribute('href', 'https://jira.example.com/ABC-1');

  await page.reload();
  await expect(page.getByRole('heading', { name: 'Pipeline config reviewed' })).toHaveCount(1);
  await expect(page.getByText('Recorded 2025-03-01 · reviewed by Jane Doe').first()).toBeVisible();

  // Edit one entry.
  await page.getByRole('button', { name: 'Edit evidence Pipeline config reviewed' }).first().click();
  await page.getByRole('textbox', { name: 'Title (required)' }).fill('Pipeline config re-reviewed');
  await page.getByRole('checkbox', { name: 'Team C' }).uncheck();
  await page.getByRole('button', { name: 'Save evidence' }).click();
  await expect(page.getByRole('heading', { name: 'Team A, Team C · 1 entry' })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Team A · 1 entry' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Pipeline config re-reviewed' })).toHaveCount(1);

  // Add a second, then delete the first only.
  await page.getByRole('button', { name: 'Add evidence' }).click();
  await page.getByRole('textbox', { name: 'Title (required)' }).fill('SAST report');
  await page.getByRole('button', { name: 'Save evidence' }).click();
  await expect(page.getByRole('heading', { name: 'Team A · 2 entries' })).toBeVisible();
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Delete evidence Pipeline config re-reviewed' }).click();
  await expect(page.getByRole('heading', { name: 'Team A · 1 entry' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Evidence', exact: true })).toBeFocused();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'SAST report' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Pipeline config re-reviewed' })).toHaveCount(0);
});

test('evidence follows a team rename and goes with a deleted team; team-evidence.yaml round trip', async ({ page }) => {
  const app = new App(page);
  await app.open(`#/activity/${BUILD.uuid}`);
  await page.getByRole('button', { name: 'Add evidence' }).click();
  await page.getByRole('checkbox', { name: 'Team B' }).check();
  await page.getByRole('textbox', { name: 'Title (required)' }).fill('Shared entry');
  await page.getByRole('button', { name: 'Save evidence' }).click();
  await expect(page.getByRole('heading', { name: 'Team A, Team B · 1 entry' })).toBeVisible();

  await page.goto('#/teams');
  await page.getByRole('button', { name: 'Rename Team A' }).click();
  await page.getByRole('textbox', { name: 'New name for Team A' }).fill(`O'Brien: "ops"`);
  await page.getByRole('textbox', { name: 'New name for Team A' }).press('Enter');
  await expect(page.getByText(`Team “Team A” renamed to “O'Brien: "ops"”.`)).toBeVisible();
  await page.goto(`#/activity/${BUILD.uuid}`);
  await expect(page.getByRole('heading', { name: `O'Brien: "ops", Team B · 1 entry` })).toBeVisible();

  // Download, clear, upload: the entry comes back with the same teams.
  await page.goto('#/data');
  const [dl] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download team-evidence.yaml' }).click(),
  ]);
  const chunks: Buffer[] = [];
  for await (const c of await dl.createReadStream()) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  expect(text).toContain('title: "Shared entry"');

  await page.goto('#/teams');
  let question = '';
  page.once('dialog', (d) => { question = d.message(); d.accept(); });
  await page.getByRole('button', { name: 'Delete Team B' }).click();
  await expect(page.getByText('Team “Team B” deleted.')).toBeVisible();
  expect(question).toContain('removed from 1 evidence entry shared with other teams');
  await page.goto(`#/activity/${BUILD.uuid}`);
  await expect(page.getByRole('heading', { name: `O'Brien: "ops", Team B · 1 entry` })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: `O'Brien: "ops" · 1 entry` })).toBeVisible();

  await page.goto('#/data');
  await page.getByTestId('import-evidence').setInputFiles({ name: 'team-evidence.yaml', mimeType: 'application/yaml', buffer: Buffer.from(text) });
  await expect(page.getByRole('heading', { name: 'Preview of “team-evidence.yaml”' })).toBeVisible();
  await expect(page.getByText(/0 new entries, 1 changed, 0 unchanged/)).toBeVisible();
  await expect(page.getByText(/New teams: Team B/)).toBeVisible();
  await page.getByRole('button', { name: 'Import the evidence' }).click();
  await page.goto(`#/activity/${BUILD.uuid}`);
  await expect(page.getByRole('heading', { name: `O'Brien: "ops", Team B · 1 entry` })).toBeVisible();

  // A hostile file changes nothing and says why.
  await page.goto('#/data');
  const bad = `evidence:\n  ${BUILD.uuid}:\n    - id: x1\n      teams: [Team A]\n      title: Bad\n      evidenceRecorded: 2025-01-01\n      attachment:\n        - {type: link, externalLink: "javascript:alert(1)"}\n`;
  await page.getByTestId('import-evidence').setInputFiles({ name: 'bad.yaml', mimeType: 'application/yaml', buffer: Buffer.from(bad) });
  await expect(page.getByRole('alert')).toContainText(/http/);
});

test('editing one entry, then another, shows the second entry\'s attachments', async ({ page }) => {
  const app = new App(page);
  await app.open(`#/activity/${BUILD.uuid}`);
  for (const [title, url] of [['Entry A', 'https://a.example/1'], ['Entry B', 'https://b.example/2']]) {
    await page.getByRole('button', { name: 'Add evidence' }).click();
    await page.getByRole('textbox', { name: 'Title (required)' }).fill(title);
    await page.getByRole('button', { name: 'Add attachment' }).click();
    await page.getByRole('textbox', { name: 'Attachment URL' }).fill(url);
    await page.getByRole('button', { name: 'Save evidence' }).click();
    await expect(page.getByRole('heading', { name: title })).toBeVisible();
  }
  await page.getByRole('button', { name: 'Edit evidence Entry A' }).click();
  await expect(page.getByRole('textbox', { name: 'Attachment URL' })).toHaveValue('https://a.example/1');
  // Switch to B while the form is open: the row must be B's, not A's kept on screen.
  await page.getByRole('button', { name: 'Edit evidence Entry B' }).click();
  await expect(page.getByRole('textbox', { name: 'Title (required)' })).toHaveValue('Entry B');
  await expect(page.getByRole('textbox', { name: 'Attachment URL' })).toHaveValue('https://b.example/2');
  await page.getByRole('button', { name: 'Save evidence' }).click();
  await expect(page.getByRole('link', { name: 'https://b.example/2' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'https://a.example/1' })).toBeVisible();
});

test('an entry edited in another tab meanwhile is not overwritten', async ({ page, context }) => {
  const app = new App(page);
  await app.open(`#/activity/${BUILD.uuid}`);
  await page.getByRole('button', { name: 'Add evidence' }).click();
  await page.getByRole('textbox', { name: 'Title (required)' }).fill('Shared');
  await page.getByRole('button', { name: 'Save evidence' }).click();
  await page.getByRole('button', { name: 'Edit evidence Shared' }).click();

  const other = await context.newPage();
  await other.goto(`#/activity/${BUILD.uuid}`);
  await other.getByRole('button', { name: 'Edit evidence Shared' }).click();
  await other.getByRole('textbox', { name: 'Title (required)' }).fill('Theirs');
  await other.getByRole('button', { name: 'Save evidence' }).click();
  await expect(other.getByRole('heading', { name: 'Theirs' })).toBeVisible();

  await page.getByRole('textbox', { name: 'Title (required)' }).fill('Mine');
  await page.getByRole('button', { name: 'Save evidence' }).click();
  await expect(page.getByRole('alert')).toContainText('changed in another tab');
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Theirs' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Mine' })).toHaveCount(0);
});
