import { expect, Page } from '@playwright/test';
import { Dates, PROGRESS, readDates, readHistory, TEAMS } from './store';

// Page object for the DSOMM app.
export const BUILD = { name: 'Defined build process', uuid: 'f6f7737f-25a9-4317-8de2-09bf59f29b5b' };

export class App {
  constructor(readonly page: Page) {}

  /** Waits until the app runs: the pre-rendered matrix (#preview) is gone. */
  async started() {
    await expect(this.page.locator('#preview')).toHaveCount(0);
  }

  async open(path = '') {
    await this.page.goto(path);
    await this.started();
    // The matrix stays in the page (hidden) while another page is shown.
    await expect(this.page.locator('.matrix .act:visible, main h1:visible').first()).toBeVisible();
  }

  /** `activities`: how many the build's model has (194 official; more with custom files). */
  async openMatrix(hash = '#/', activities = 194) {
    await this.page.goto(hash);
    await this.started();
    await expect(this.page.locator('.matrix .act')).toHaveCount(activities);
  }

  toggle(activity: string, team = 'Team A') {
    return this.page.getByRole('button', { name: `Done: ${activity} (${team})`, exact: true });
  }

  stateSelect(activity: string, team = 'Team A') {
    return this.page.getByRole('combobox', { name: `Progress of ${activity} for ${team}`, exact: true });
  }

  /** The dependencies page's graph of `dimension` (an SVG group) and the box it scrolls in. */
  dependencyGraph(dimension: string) {
    const graph = this.page.getByRole('group', { name: new RegExp(`^Dependency graph of ${dimension}: \\d+ activities`) });
    return { graph, holder: graph.locator('xpath=..') };
  }

  async selectTeam(team: string) {
    await this.page.getByRole('combobox', { name: 'Team', exact: true }).selectOption(team);
  }

  async storage(): Promise<Record<string, string>> {
    return this.page.evaluate(() => {
      const out: Record<string, string> = {};
      for (let i = 0; i < localStorage.length; i++) {
        const k = localStorage.key(i)!;
        out[k] = localStorage.getItem(k)!;
      }
      return out;
    });
  }

  /** Storage without the names hint (`dsomm.v1.names`), which the pages module writes in the
   *  background (when it starts, when the page is hidden): what "changes nothing" is about. */
  async assessment(): Promise<Record<string, string>> {
    const all = await this.storage();
    delete all['dsomm.v1.names'];
    return all;
  }

  /** What storage holds for one activity: team → state → date (undefined: nothing stored). */
  async progress(uuid: string): Promise<Dates | undefined> {
    const s = await this.storage();
    const raw = s[PROGRESS(uuid)];
    return raw === undefined ? undefined : readDates(raw, s[TEAMS]);
  }

  /** The history storage holds for one activity: team → entries. */
  async history(uuid: string) {
    const s = await this.storage();
    const raw = s[PROGRESS(uuid)];
    return raw === undefined ? undefined : readHistory(raw, s[TEAMS]);
  }

  async clearStorage() {
    await this.page.evaluate(() => localStorage.clear());
  }

  async upload(name: string, content: string | Buffer) {
    await this.page.goto('#/data');
    await this.page.getByTestId('import-file').setInputFiles({
      name,
      mimeType: 'application/yaml',
      buffer: typeof content === 'string' ? Buffer.from(content) : content,
    });
  }

  async download(): Promise<string> {
    return (await this.downloadFile('team-progress.yaml')).toString('utf8');
  }

  /** Clicks the Import / export page's button that downloads `name` ("Download teams.yaml",
   *  "Download the whole assessment (dsomm-assessment.yaml)"); the file's bytes. */
  async downloadFile(name: string): Promise<Buffer> {
    await this.page.goto('#/data');
    const file = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const [dl] = await Promise.all([
      this.page.waitForEvent('download'),
      this.page.getByRole('button', { name: new RegExp(`^Download (${file}|.*\\(${file}\\))$`) }).click(),
    ]);
    expect(dl.suggestedFilename()).toBe(name);
    const chunks: Buffer[] = [];
    for await (const c of await dl.createReadStream()) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }
}
