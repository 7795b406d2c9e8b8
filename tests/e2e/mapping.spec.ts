import { Download, Page } from '@playwright/test';
import { unzipSync, strFromU8 } from 'fflate';
import readXlsxFile from 'read-excel-file/node';
import { test, expect } from './fixtures';
import { App, BUILD } from './app';

// Page object for the mappings page.
class Mapping {
  constructor(readonly page: Page) {}

  async open(hash = '#/mapping') {
    await this.page.goto(hash);
    await expect(this.page.getByRole('heading', { level: 1, name: 'Mappings' })).toBeVisible();
  }

  table() {
    return this.page.getByRole('table');
  }

  /** The rows shown (sorting and searching hide the others in place). */
  rows() {
    return this.table().locator('tbody tr:not([hidden])');
  }

  header(name: string) {
    return this.table().getByRole('columnheader', { name: new RegExp(`^${name}`) });
  }

  sortBy(name: string) {
    return this.header(name).getByRole('button');
  }

  summary() {
    return this.page.locator('.mapping__summary');
  }

  /** The texts of column `n` (0-based) of every row, list items one per line. (textContent:
   *  rows out of view skip rendering, so their innerText is empty.) */
  async column(n: number): Promise<string[]> {
    return this.rows().evaluateAll((rows, n) => rows.map((r) => {
      const cell = r.children[n] as HTMLElement;
      const items = [...cell.querySelectorAll('li')];
      return (items.length ? items.map((li) => li.textContent ?? '').join('\n') : cell.textContent ?? '').trim();
    }), n);
  }

  /** The row headers' texts (activity names, or control ids). */
  async rowHeaders(): Promise<string[]> {
    return (await this.rows().locator('th').allTextContents()).map((t) => t.trim());
  }

  async download(group: string, format: 'Excel (XLSX)' | 'CSV'): Promise<{ name: string; bytes: Buffer }> {
    const [dl] = await Promise.all([
      this.page.waitForEvent('download'),
      this.page.getByRole('group', { name: group }).getByRole('button', { name: format }).click(),
    ]);
    return { name: dl.suggestedFilename(), bytes: await read(dl) };
  }
}

async function read(dl: Download): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of await dl.createReadStream()) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** The first worksheet's rows, cell values as Excel holds them. */
async function sheetRows(bytes: Buffer): Promise<(string | number | null)[][]> {
  const sheets = (await readXlsxFile(bytes)) as unknown as { sheet: string; data: (string | number | null)[][] }[];
  return sheets[0].data;
}

/** Natural order of dotted ids, as the page promises (5.9 before 5.10). */
function naturalLess(a: string, b: string): boolean {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) if (pa[i] !== pb[i]) return pa[i] < pb[i];
  return pa.length < pb.length;
}

test('sort any column both ways in natural order, search, filter, all kept in the URL', async ({ page }) => {
  const m = new Mapping(page);
  await m.open();
  await expect(m.rows()).toHaveCount(194);
  await expect(m.summary()).toHaveText('194 activities shown; states of Team A.');
  // Its styles come with the pages module (pages-<hash>.css), loaded before the page shows.
  await expect(page.locator('head link[rel=stylesheet][href^="pages-"]')).toHaveCount(1);
  expect(await m.rows().first().evaluate((r) => getComputedStyle(r).display)).toBe('grid');

  // ISO 27001:2017 ids: natural order (9.4.2 before 12.1.1; the reference sorts them as text).
  await m.sortBy('ISO 27001:2017').click();
  await expect(m.header('ISO 27001:2017')).toHaveAttribute('aria-sort', 'ascending');
  await expect(page).toHaveURL(/#\/mapping\?sort=iso2017&team=Team\+A$/);
  const firstIds = (await m.column(5)).map((c) => c.split('\n')[0]).filter((c) => /^\d+(\.\d+)+$/.test(c));
  expect(firstIds.length).toBeGreaterThan(100);
  for (let i = 1; i < firstIds.length; i++) expect(naturalLess(firstIds[i], firstIds[i - 1]), `${firstIds[i - 1]} then ${firstIds[i]}`).toBe(false);
  expect(firstIds.indexOf('9.4.5')).toBeLessThan(firstIds.indexOf('12.1.1'));

  // Again: descending, kept over a reload.
  await m.sortBy('ISO 27001:2017').click();
  await expect(m.header('ISO 27001:2017')).toHaveAttribute('aria-sort', 'descending');
  await page.reload();
  await expect(m.header('ISO 27001:2017')).toHaveAttribute('aria-sort', 'descending');
  const desc = (await m.column(5)).map((c) => c.split('\n')[0]).filter((c) => /^\d+(\.\d+)+$/.test(c));
  expect(desc[0]).toBe(firstIds[firstIds.length - 1]);

  // Level, by keyboard.
  await m.sortBy('Level').focus();
  await page.keyboard.press('Enter');
  await expect(m.header('Level')).toHaveAttribute('aria-sort', 'ascending');
  const levels = (await m.column(3)).map(Number);
  expect(levels).toEqual([...levels].sort((a, b) => a - b));

  // Search over every column: a SAMM id and a word of an activity name, both must occur.
  await page.getByRole('searchbox', { name: 'Search' }).fill('I-SB-B-1 sbom');
  await expect(m.rows()).toHaveCount(1);
  await expect(m.rows().first()).toContainText('SBOM of components');
  await expect(page).toHaveURL(/q=I-SB-B-1\+sbom/);
  await page.getByRole('searchbox', { name: 'Search' }).fill('nothing-like-this');
  await expect(m.rows()).toHaveCount(0);
  await expect(page.getByText('No rows match the search and filter.')).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search' }).fill('');

  // Mapped to one standard: only rows with an ISO 27001:2022 entry.
  await page.getByRole('combobox', { name: 'Mapped to' }).selectOption('ISO 27001:2022');
  const iso22 = await m.column(6);
  expect(iso22.length).toBeGreaterThan(0);
  expect(iso22.length).toBeLessThan(194);
  expect(iso22.every((c) => c !== '' && c !== 'none')).toBe(true);
  await expect(page).toHaveURL(/std=iso2022/);
  // A shared link opens the same view.
  const url = page.url();
  await page.goto('about:blank');
  await page.goto(url);
  await expect(page.getByRole('combobox', { name: 'Mapped to' })).toHaveValue('iso2022');
  await expect(m.rows()).toHaveCount(iso22.length);
});

test('the state column follows the top bar, as text', async ({ page }) => {
  const app = new App(page);
  await app.openMatrix();
  await app.toggle(BUILD.name).click();
  const m = new Mapping(page);
  await page.getByRole('navigation').getByRole('link', { name: 'Mappings' }).click();
  const build = m.rows().filter({ has: page.getByRole('link', { name: BUILD.name, exact: true }) });
  await expect(build.locator('td').last()).toHaveText('Fully implemented');
  await app.selectTeam('All teams');
  await expect(build.locator('td').last()).toHaveText('1 of 4 teams done');
  await expect(m.summary()).toHaveText('194 activities shown; states of all teams.');
  // Sorting by state puts the furthest last, ascending.
  await m.sortBy('State').click();
  await expect(m.rows().last()).toContainText(BUILD.name);
});

test('one row per control: each ISO 27001:2022 control once, in natural order, with its activities', async ({ page }) => {
  const m = new Mapping(page);
  await m.open();
  await page.getByRole('combobox', { name: 'Show' }).selectOption('One row per ISO 27001:2022 control');
  await expect(m.summary()).toContainText('controls shown');
  const ids = await m.rowHeaders();
  const controls = ids.filter((t) => t !== 'Mapped to no control');
  expect(new Set(controls).size).toBe(controls.length);
  for (let i = 1; i < controls.length; i++) expect(naturalLess(controls[i], controls[i - 1])).toBe(false);
  expect(controls.indexOf('8.2')).toBeLessThan(controls.indexOf('8.13'));
  expect(ids[ids.length - 1]).toBe('Mapped to no control');
  const row831 = m.rows().filter({ has: page.getByRole('rowheader', { name: '8.31', exact: true }) });
  await expect(row831.getByRole('link', { name: BUILD.name })).toHaveCount(0);
  await expect(row831.getByRole('link', { name: 'Pinning of artifacts' })).toBeVisible();
  // Descending by a click on the header.
  await m.sortBy('ISO 27001:2022 control').click();
  await expect(m.rows().first().locator('th')).toHaveText(controls[controls.length - 1]);
  await expect(page).toHaveURL(/view=iso2022/);
});

test('XLSX and CSV exports hold the table as shown; no text becomes a formula', async ({ page }) => {
  const app = new App(page);
  // A team whose name is a formula.
  await app.openMatrix();
  await app.toggle(BUILD.name).click();
  await page.goto('#/teams');
  await page.getByRole('button', { name: 'Rename Team B' }).click();
  await page.getByRole('textbox', { name: 'New name for Team B' }).fill('=HYPERLINK("http://evil.example","x")');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText(/renamed to/)).toBeVisible();

  const m = new Mapping(page);
  await m.open('#/mapping?sort=iso2022&q=build');
  await app.selectTeam('All teams');
  const shown = await m.rows().count();
  expect(shown).toBeGreaterThan(1);
  const names = await m.rowHeaders();

  const xlsx = await m.download('Download this table', 'Excel (XLSX)');
  expect(xlsx.name).toMatch(/^DSOMM mappings \d{4}-\d\d-\d\d\.xlsx$/);
  const rows = await sheetRows(xlsx.bytes);
  expect(rows[0].slice(0, 9)).toEqual(['Dimension', 'Sub-dimension', 'Activity', 'Level', 'UUID', 'OWASP SAMM v2', 'ISO 27001:2017', 'ISO 27001:2022', 'OpenCRE']);
  expect(rows[0].slice(9)).toEqual([
    'Team A: state', 'Team A: since',
    '=HYPERLINK("http://evil.example","x"): state', '=HYPERLINK("http://evil.example","x"): since',
    'Team C: state', 'Team C: since', 'Team D: state', 'Team D: since',
  ]);
  // The rows as shown (search and sort applied), cell by cell for the marked activity.
  expect(rows.length - 1).toBe(shown);
  expect(rows.slice(1).map((r) => r[2])).toEqual(names.map((n) => n.trim()));
  const build = rows.find((r) => r[2] === BUILD.name)!;
  expect(build[3]).toBe(1);
  expect(build[4]).toBe(BUILD.uuid);
  expect(build[5]).toBe('I-SB-A-1');
  expect(build[7]).toBe('5.37\n8.32');
  expect(build[9]).toBe('Fully implemented');
  expect(String(build[10])).toMatch(/^\d{4}-\d\d-\d\d$/);
  expect(build[11]).toBe('Not implemented');
  // Frozen header, an autofilter, string cells only (no formula element anywhere).
  const files = unzipSync(new Uint8Array(xlsx.bytes));
  const sheet = strFromU8(files['xl/worksheets/sheet1.xml']);
  expect(sheet).toMatch(/<pane [^>]*ySplit="1"[^>]*state="frozen"/);
  expect(sheet).toMatch(/<autoFilter ref="A1:[A-Z]+\d+"/);
  expect(sheet).not.toContain('<f>');
  expect(sheet).not.toContain('<hyperlink');

  const csv = await m.download('Download this table', 'CSV');
  expect(csv.name).toMatch(/^DSOMM mappings \d{4}-\d\d-\d\d\.csv$/);
  expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = csv.bytes.toString('utf8').slice(1);
  const lines = text.split('\r\n').filter((l) => l !== '');
  // The team name is quoted (it holds quotes and commas) and starts with ' inside the quotes.
  expect(lines[0]).toContain('"\'=HYPERLINK(""http://evil.example"",""x""): state"');
  expect(lines[0]).not.toMatch(/(^|,)=|(^|,)"=/);
  expect(text).toContain(`${BUILD.uuid}`);
});

test('Statement of Applicability: one row per Annex A control with shares, dates and evidence', async ({ page }) => {
  const app = new App(page);
  await app.openMatrix();
  await app.toggle(BUILD.name).click();
  const m = new Mapping(page);
  await m.open();
  const xlsx = await m.download('Statement of Applicability (ISO 27001:2022)', 'Excel (XLSX)');
  expect(xlsx.name).toMatch(/^DSOMM statement of applicability \d{4}-\d\d-\d\d\.xlsx$/);
  const rows = await sheetRows(xlsx.bytes);
  expect(rows[0]).toEqual(['Annex A control (ISO 27001:2022)', 'DSOMM activities', 'Team A: implemented', 'Team A: latest change', 'Evidence', 'Applicable', 'Justification']);
  const ids = rows.slice(1).map((r) => String(r[0]));
  for (let i = 1; i < ids.length; i++) expect(naturalLess(ids[i], ids[i - 1])).toBe(false);
  // Build is mapped to 5.37 and 8.32: both rows count it for Team A, with today's date.
  for (const id of ['5.37', '8.32']) {
    const row = rows.find((r) => r[0] === id)!;
    expect(String(row[1])).toContain(`${BUILD.name} (level 1)`);
    expect(Number(row[2])).toBeGreaterThan(0);
    expect(String(row[3])).toMatch(/^\d{4}-\d\d-\d\d$/);
    expect(row[5]).toBeNull();
    expect(row[6]).toBeNull();
  }
  const csv = await m.download('Statement of Applicability (ISO 27001:2022)', 'CSV');
  const lines = csv.bytes.toString('utf8').slice(1).split('\r\n').filter((l) => l !== '');
  expect(lines.length).toBe(rows.length);
  expect(lines.find((l) => l.startsWith('5.37,'))).toMatch(/,\d+%,\d{4}-\d\d-\d\d,/);
});
