// Screenshots of every page in light and dark colour schemes, for looking at what was built.
// Usage: node scripts/shots.mjs [BASE_URL] [OUT_DIR]   (serve dist/ first, e.g. scripts/serve)
import { chromium } from '@playwright/test';

const base = process.argv[2] || 'http://127.0.0.1:8080/';
const out = process.argv[3] || 'test-results/shots';
const pages = {
  matrix: '#/',
  filtered: '#/?dim=Build+and+Deployment&q=artifact',
  activity: '#/activity/f6f7737f-25a9-4317-8de2-09bf59f29b5b',
  data: '#/data',
  teams: '#/teams',
  heatmap: '#/heatmap',
  mapping: '#/mapping',
  mappingByControl: '#/mapping?view=iso2022&q=8.3',
  dependencies: '#/dependencies?dim=Build+and+Deployment',
  report: '#/report',
  settings: '#/settings',
};
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
for (const scheme of ['light', 'dark']) {
  const ctx = await browser.newContext({ colorScheme: scheme, viewport: { width: 1440, height: 1000 } });
  const page = await ctx.newPage();
  await page.goto(base);
  await page.waitForSelector('.matrix .act');
  // Some progress so the states show.
  await page.getByRole('button', { name: 'Done: Defined build process (Team A)' }).click();
  await page.getByRole('combobox', { name: 'Progress of Pinning of artifacts for Team A' }).selectOption('Started');
  await page.getByRole('combobox', { name: 'Progress of SBOM of components for Team A' }).selectOption('Partly implemented');
  // One evidence entry with an attachment.
  await page.goto(base + pages.activity);
  await page.getByRole('button', { name: 'Add evidence' }).click();
  await page.getByRole('checkbox', { name: 'Team B' }).check();
  await page.getByRole('textbox', { name: 'Title (required)' }).fill('Pipeline config reviewed');
  await page.getByRole('textbox', { name: 'Description' }).fill('The Jenkinsfile defines every build step.\nReviewed in the sprint 12 review.');
  await page.getByRole('textbox', { name: 'Reviewer' }).fill('Jane Doe');
  await page.getByRole('button', { name: 'Add attachment' }).click();
  await page.getByRole('textbox', { name: 'Attachment URL' }).fill('https://jira.example.com/ABC-1');
  await page.getByRole('button', { name: 'Save evidence' }).click();
  for (const [name, hash] of Object.entries(pages)) {
    await page.goto(base + hash);
    await page.waitForSelector('main h1:visible');
    await page.screenshot({ path: `${out}/${name}-${scheme}.png` });
  }
  // The evidence form, open.
  await page.goto(base + pages.activity);
  await page.getByRole('button', { name: 'Add evidence' }).click();
  await page.getByRole('heading', { name: 'Add evidence' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${out}/evidence-form-${scheme}.png` });
  // The progress-state editor, open.
  await page.goto(base + '#/settings');
  await page.getByRole('button', { name: 'Edit progress states' }).click();
  await page.getByRole('checkbox', { name: /not applicable/ }).check();
  await page.getByRole('heading', { name: 'Progress states' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${out}/states-${scheme}.png`, fullPage: true });
  await ctx.close();
}
await browser.close();
console.log(`screenshots in ${out}/`);
