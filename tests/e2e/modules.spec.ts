import { test, expect } from './fixtures';
import { App, BUILD } from './app';
import { PROGRESS } from './store';

// The app is two wasm modules: the first screen (shell and matrix) and the other pages,
// loaded after it. Each keeps its own copy of the state in step through localStorage.

test('the first screen needs only the first module; the other pages follow and stay in step', async ({ page }) => {
  const wasm: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('.wasm')) wasm.push(new URL(r.url()).pathname);
  });
  const app = new App(page);
  await app.openMatrix();
  await expect.poll(() => wasm.length).toBe(2);
  expect(wasm[0]).toMatch(/^\/dsomm-[0-9a-f]+_bg\.wasm$/);
  expect(wasm[1]).toMatch(/^\/dsomm-pages-[0-9a-f]{16}_bg\.wasm$/);

  // Once the pages module runs, what the matrix (first module) writes reaches it live.
  await expect(page.locator('#notices .notices')).toHaveCount(1);
  await app.toggle(BUILD.name).click();
  await page.getByRole('link', { name: BUILD.name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: BUILD.name })).toBeFocused();
  const here = page.getByRole('combobox', { name: `Progress of ${BUILD.name} for Team A`, exact: true });
  await expect(here).toHaveValue('3');
  // A click counts once (each module handles only its own elements' events).
  await app.toggle(BUILD.name).click();
  await expect(here).toHaveValue('0');
  await here.selectOption('Started');
  // The top bar's choice reaches the open activity page.
  const picker = page.getByRole('combobox', { name: 'Team', exact: true });
  await picker.selectOption({ label: 'Customer (Team A, Team B)' });
  await expect(page.getByText('2 of 4 teams: group Customer (chosen in the top bar).')).toBeVisible();
  await app.selectTeam('Team A');
  await expect(page.getByText('All 4 teams.')).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Matrix' }).click();
  await expect(app.stateSelect(BUILD.name)).toHaveValue('1');

  // A rename on the Teams page (second module) is followed by the top bar (first module)
  // at once.
  await page.goto('#/teams');
  await page.getByRole('button', { name: 'Rename Team A' }).click();
  await page.getByRole('textbox', { name: 'New name for Team A' }).fill('Ops');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(picker).toHaveValue('t:Ops');
  await page.getByRole('textbox', { name: 'New team' }).fill('Team E');
  await page.getByRole('button', { name: 'Add team' }).click();
  await expect(picker.locator('optgroup[label=Teams] option')).toHaveText(['Ops', 'Team B', 'Team C', 'Team D', 'Team E']);
  await page.goto('#/');
  await expect(app.stateSelect(BUILD.name, 'Ops')).toHaveValue('1');
  // (scope.spec.ts checks that the top bar's choice reaches the activity page.)
});

test('when the other pages cannot be loaded, they say so and the matrix keeps working', async ({ page }) => {
  await page.route(/dsomm-pages/, (r) => r.abort());
  const app = new App(page);
  await page.goto('#/data');
  await expect(page.getByRole('alert')).toContainText('This page could not be loaded');
  await expect(page.getByRole('alert')).toContainText('Your assessment is not affected');
  await page.getByRole('link', { name: 'Go to the matrix' }).click();
  await expect(page.locator('.matrix .act')).toHaveCount(194);
  await app.toggle(BUILD.name).click();
  await expect(app.toggle(BUILD.name)).toHaveAttribute('aria-pressed', 'true');
  expect(Object.keys((await app.progress(BUILD.uuid))!)).toEqual(['Team A']);
});

test('a cold load of another page fetches both modules at once, each once', async ({ page }) => {
  const wasm: string[] = [];
  const css: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('.wasm')) wasm.push(new URL(r.url()).pathname);
    if (/\/pages-[0-9a-f]+\.css$/.test(r.url())) css.push(r.url());
  });
  const app = new App(page);
  await app.open('#/teams');
  await expect(page.getByRole('heading', { level: 1, name: 'Teams' })).toBeVisible();
  await page.waitForTimeout(300);
  expect(wasm).toHaveLength(2);
  expect(wasm.filter((u) => /^\/dsomm-pages-[0-9a-f]{16}_bg\.wasm$/.test(u))).toHaveLength(1);
  expect(wasm.filter((u) => /^\/dsomm-[0-9a-f]{1,16}_bg\.wasm$/.test(u))).toHaveLength(1);
  // The pages module was asked for before the first one started: it did not wait for it.
  // (Its download may end before the other begins: the first module is small.)
  const timing = await page.evaluate(() => ({
    pages: performance.getEntriesByType('resource').filter((r) => /dsomm-pages-.*\.wasm/.test(r.name)).map((r) => r.startTime),
    start: performance.getEntriesByName('dsomm:start').map((m) => m.startTime),
  }));
  expect(timing.pages).toHaveLength(1);
  expect(timing.start).toHaveLength(1);
  expect(timing.pages[0]).toBeLessThan(timing.start[0]);
  // Its styles too: linked by index.html, once, and not again by the module.
  expect(css).toHaveLength(1);
  await expect(page.locator('head link[rel=stylesheet][href^="pages-"]')).toHaveCount(1);
});

test('the other pages show whether their styles load late, fail, or loaded before the module started', async ({ page }) => {
  const app = new App(page);
  // Late: the module waits for them, then shows its page styled.
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route(/\/pages-[0-9a-f]+\.css$/, async (r) => {
    await held;
    await r.continue();
  });
  // (The held stylesheet holds the load event.)
  await page.goto('#/settings', { waitUntil: 'commit' });
  // The module has started and waits: no page yet.
  await expect.poll(() => page.evaluate(() => performance.getEntriesByName('dsomm:pages-start').length)).toBe(1);
  await page.waitForTimeout(200);
  await expect(page.locator('#pages')).toBeEmpty();
  release();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  expect(await page.locator('#level-steps').evaluate((e) => getComputedStyle(e).display)).toBe('flex');
  await page.unroute(/\/pages-[0-9a-f]+\.css$/);

  // Failed: the page shows all the same, unstyled.
  await page.route(/\/pages-[0-9a-f]+\.css$/, (r) => r.abort());
  await page.goto('about:blank');
  await page.goto('/#/teams');
  await expect(page.getByRole('heading', { level: 1, name: 'Teams' })).toBeVisible();
  // From the matrix (the module adds the stylesheet itself): the same.
  await page.goto('about:blank');
  await app.openMatrix();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
});

test('a cold load of another page builds the matrix after it; what changed meanwhile shows in it', async ({ page }) => {
  const app = new App(page);
  await app.open(`#/activity/${BUILD.uuid}`);
  const here = page.getByRole('combobox', { name: `Progress of ${BUILD.name} for Team A`, exact: true });
  // The pages module's page is shown before the first module builds the live matrix
  // (it keeps the pre-rendered one, hidden, until then).
  await here.selectOption('Partly implemented');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Matrix' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /matrix/i })).toBeFocused();
  await expect(app.stateSelect(BUILD.name)).toHaveValue('2');
  await expect(page.locator('.matrix .act .status[data-state]')).toHaveCount(194);
  await app.toggle(BUILD.name).click();
  await expect(app.toggle(BUILD.name)).toHaveAttribute('aria-pressed', 'true');
  await expect(app.stateSelect(BUILD.name)).toHaveValue('3');
});

test('read-only (newer stored format): the top bar choice still reaches the other pages', async ({ page }) => {
  await page.addInitScript(() => {
    if (!localStorage.getItem('dsomm.schema')) localStorage.setItem('dsomm.schema', '99');
  });
  const app = new App(page);
  await app.openMatrix();
  await expect(page.locator('#notices .notices')).toHaveCount(1);
  await page.goto(`#/activity/${BUILD.uuid}`);
  await expect(page.getByText('All 4 teams.')).toBeVisible();
  await page.getByRole('combobox', { name: 'Team', exact: true }).selectOption({ label: 'Customer (Team A, Team B)' });
  await expect(page.getByText('2 of 4 teams: group Customer (chosen in the top bar).')).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'read-only' }).first()).toBeVisible();
});

test('an unreadable value discarded on the Data page can be written again on the matrix', async ({ page, context }) => {
  const KEY = PROGRESS(BUILD.uuid);
  const app = new App(page);
  await app.openMatrix();
  await expect(page.locator('#notices .notices')).toHaveCount(1);
  const other = await context.newPage();
  await other.goto('#/data');
  await other.evaluate((k) => localStorage.setItem(k, '{"Team A": garbage'), KEY);
  await expect(page.getByRole('alert').filter({ hasText: 'Another tab stored unreadable progress' })).toBeVisible();
  await page.goto('#/data');
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: `Discard ${KEY}` }).click();
  await expect(page.getByRole('button', { name: `Discard ${KEY}` })).toHaveCount(0);
  await page.goto('#/');
  await app.toggle(BUILD.name).click();
  await expect(app.toggle(BUILD.name)).toHaveAttribute('aria-pressed', 'true');
  expect(Object.keys((await app.progress(BUILD.uuid))!)).toEqual(['Team A']);
});

test('the search index comes in a file of its own; without it the matrix works and says why search does not', async ({ page }) => {
  const app = new App(page);
  await app.openMatrix('#/?q=sbom');
  // The index arrived and the query from the URL applies.
  await expect(page.getByRole('status').filter({ hasText: /^Showing \d+ of 194 activities$/ })).not.toHaveText('Showing 194 of 194 activities');
  const shown = await page.locator('.matrix .act:visible').count();
  expect(shown).toBeGreaterThan(0);
  expect(shown).toBeLessThan(194);

  const other = await page.context().newPage();
  await other.route(/search-[0-9a-f]+\.bin/, (r) => r.fulfill({ status: 404, body: 'gone' }));
  const second = new App(other);
  await second.openMatrix('#/?q=sbom');
  await expect(other.getByRole('alert').filter({ hasText: 'The search index could not be loaded (HTTP 404)' })).toBeVisible();
  await expect(other.getByText('Showing 194 of 194 activities')).toBeVisible();
  await second.toggle(BUILD.name).click();
  await expect(second.toggle(BUILD.name)).toHaveAttribute('aria-pressed', 'true');
});

test('where the host serves wasm under another type, a cold load of any page still starts both modules', async ({ page }) => {
  // Compiling while the file downloads needs the type application/wasm; without it the
  // app fetches and compiles the file itself (the early compile used to hand wasm-bindgen a
  // promise of the URL, and the page said it could not be loaded).
  await page.route(/\.wasm(\?.*)?$/, async (r) => {
    const res = await r.fetch();
    await r.fulfill({ response: res, headers: { ...res.headers(), 'content-type': 'application/octet-stream' } });
  });
  const app = new App(page);
  await app.open('#/teams');
  await expect(page.getByRole('heading', { level: 1, name: 'Teams' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Matrix' }).click();
  await expect(page.locator('.matrix .act .status[data-state]')).toHaveCount(194);
  await page.goto('about:blank');
  await app.openMatrix();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
});

test('a cold load whose early import of the other pages fails loads them again', async ({ page }) => {
  let tries = 0;
  await page.route(/\/dsomm-pages-[0-9a-f]{16}\.js$/, (r) => (tries++ === 0 ? r.abort() : r.continue()));
  // Whether "the app could not start" was ever shown (the app removes that box when it starts).
  await page.addInitScript(() => {
    new MutationObserver((changes) => {
      for (const c of changes) if ((c.target as HTMLElement).id === 'boot-error' && !(c.target as HTMLElement).hidden) (window as any).bootShown = true;
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['hidden'] });
  });
  await page.goto('#/teams');
  await expect(page.getByRole('heading', { level: 1, name: 'Teams' })).toBeVisible();
  expect(tries).toBe(2);
  // The early failure is not "the app could not start".
  expect(await page.evaluate(() => (window as any).bootShown ?? false)).toBe(false);
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('a cold load of another page starts its module from the JS and wasm index.html fetched, in whichever order they come', async ({ page, context }) => {
  // js/import-pages.js: once the JS index.html ran has named its init (window.dsommPagesGlue)
  // and the wasm is compiled, the module starts from them, not from an import() of the JS.
  await context.addInitScript(() => {
    const w = window as any;
    w.startedWith = [];
    let glue: any;
    Object.defineProperty(window, 'dsommPagesGlue', {
      get: () => glue,
      set: (g) => {
        const { initSync, init } = g;
        glue = { ...g, initSync: (a: any) => (w.startedWith.push('initSync'), initSync(a)), init: (a: any) => (w.startedWith.push('init'), init(a)) };
      },
    });
  });
  const requests: string[] = [];
  context.on('request', (r) => requests.push(new URL(r.url()).pathname.replace(/[0-9a-f]{16}/, 'v')));
  const app = new App(page);
  await app.open('#/teams');
  await expect(page.getByRole('heading', { level: 1, name: 'Teams' })).toBeVisible();
  expect(await page.evaluate(() => (window as any).startedWith)).toEqual(['initSync']);
  expect(requests.filter((p) => p.includes('dsomm-pages-')).sort()).toEqual(['/dsomm-pages-v.js', '/dsomm-pages-v_bg.wasm']);

  // The wasm late, after the first module has started (the shell says the page is loading):
  // the module starts when it comes.
  let release = () => {};
  const held = new Promise<void>((done) => (release = done));
  const other = await context.newPage();
  await other.route(/dsomm-pages-[0-9a-f]{16}_bg\.wasm$/, async (r) => {
    await held;
    await r.continue();
  });
  await other.goto('#/settings');
  await expect(other.locator('#pages-status')).toHaveText('Loading…');
  release();
  await expect(other.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  expect(await other.evaluate(() => (window as any).startedWith)).toEqual(['initSync']);

  // Its JS late: the loader waits for index.html's script to have run.
  let releaseJs = () => {};
  const heldJs = new Promise<void>((done) => (releaseJs = done));
  const third = await context.newPage();
  await third.route(/dsomm-pages-[0-9a-f]{16}\.js$/, async (r) => {
    await heldJs;
    await r.continue();
  });
  await third.goto('#/heatmap', { waitUntil: 'domcontentloaded' }); // (the held script holds the load event)
  await expect(third.locator('#pages-status')).toHaveText('Loading…');
  releaseJs();
  await expect(third.getByRole('heading', { level: 1, name: 'Heatmap' })).toBeVisible();
  expect(await third.evaluate(() => (window as any).startedWith)).toEqual(['initSync']);
});
