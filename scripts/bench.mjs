// Bench for the release build in dist/ (run it through scripts/bench, never from the test suite):
//  1. sizes (raw, gzip -9, brotli -q 11) of what the first screen loads and of the whole app,
//     each against its brotli budget (issue 8: 120 KiB and 380 KiB);
//  2. cold load time until the matrix holds all activities (fresh browser context per run);
//  3. status-toggle click latency with a big stored assessment (50 teams x all activities);
//  4. cold load time with that big assessment seeded before the app starts;
//  5. (BENCH_ONLY=routes) every route until usable, cold and on a repeat visit, and with
//     BENCH_REF the reference Angular app's matching pages, alternating (issue 20).
// All times are taken inside the page with performance.now() (0 = navigation start).
import { chromium } from 'playwright-core';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import zlib from 'node:zlib';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// BENCH_DIST: another build to measure (say, the previous version's), in the same session.
const DIST = path.resolve(process.env.BENCH_DIST || path.join(ROOT, 'dist'));
const RUNS = intEnv('BENCH_RUNS', 9);
const CLICKS = intEnv('BENCH_CLICKS', 30);
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ACTS = 194; // activities in the model = `.matrix .act` elements when the matrix is complete
const TEAMS = 50; // teams in the seeded assessment
const HEAT_CELLS = 19 * 5; // sub-dimensions x levels: heatmap cells when it is complete
const BUDGET = 120 * 1024; // brotli budget for the first screen, bytes
const APP_BUDGET = 380 * 1024; // brotli budget for the whole app (every .wasm .js .css .html)
const WAIT_MS = 30_000; // limit for every wait
const BIG_TEAMS = 1000; // teams of the big assessment (built from ten uploads of 100)
const QUOTA = 5_242_880; // characters Chromium gives localStorage
const SEEDED_STATE = '2'; // data-state of "Partly implemented", the seeded current state
const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage'];

const problems = new Map(); // console errors/warnings, failed requests: text -> { count, phases }

function intEnv(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return n;
}

// ---------- formatting ----------

const bytes = (n) => n.toLocaleString('en-US');
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const ms = (n) => `${n.toFixed(1)} ms`;

function stats(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { median, min: s[0], max: s[s.length - 1] };
}

/** Prints rows as an aligned table; the first column is left-aligned, the others right-aligned. */
function table(title, header, rows) {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => String(r[c]).length)));
  const line = (r) => r.map((v, c) => (c === 0 ? String(v).padEnd(widths[c]) : String(v).padStart(widths[c]))).join('  ');
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

// ---------- 1. bundle sizes ----------

/** Every .wasm/.js/.css/.html/.bin in dist/ (with subfolders: the reference-app redirect
 *  page), split into what the usable first screen needs (index.html, the CSS, the first
 *  module) and what comes after or beside it (the
 *  search index, fetched while the first module starts; the pages module; pages that only
 *  old links open). */
function bundleFiles() {
  const all = [];
  const walk = (dir) => {
    for (const f of readdirSync(path.join(DIST, dir)).sort()) {
      const rel = dir ? `${dir}/${f}` : f;
      if (statSync(path.join(DIST, rel)).isDirectory()) walk(rel);
      else if (/\.(wasm|js|css|html|bin)$/.test(f)) all.push(rel);
    }
  };
  walk('');
  // The export module (XLSX/CSV writer) is loaded only when a user exports: reported on its
  // own, outside the whole-app budget (issue 9).
  const exporter = (f) => f.startsWith('dsomm-export');
  // The pages module's files and stylesheet (pages-<hash>.css) come after the first screen.
  const first = (f) => !f.includes('/') && !f.startsWith('dsomm-pages') && !f.startsWith('pages-') && !exporter(f) && !f.endsWith('.bin');
  const app = all.filter((f) => !exporter(f));
  return { first: app.filter(first), later: app.filter((f) => !first(f)), all: app, exporter: all.filter(exporter) };
}

function compressedSize(cmd, args, file) {
  return execFileSync(cmd, [...args, path.join(DIST, file)], { maxBuffer: 256 << 20 }).length;
}

function reportSizes(files, title, budget) {
  const rows = [];
  const total = { raw: 0, gz: 0, br: 0 };
  for (const f of files) {
    const raw = statSync(path.join(DIST, f)).size;
    const gz = compressedSize('gzip', ['-9', '-c'], f);
    const br = compressedSize('brotli', ['-q', '11', '-c'], f);
    total.raw += raw; total.gz += gz; total.br += br;
    rows.push([f, bytes(raw), bytes(gz), bytes(br)]);
  }
  rows.push(['TOTAL', bytes(total.raw), bytes(total.gz), bytes(total.br)]);
  table(title, ['File', 'Raw', 'gzip -9', 'brotli -q 11'], rows);
  if (!budget) return total;
  const verdict = total.br <= budget ? 'within budget' : 'over budget';
  console.log(`brotli total ${kib(total.br)} vs budget ${budget / 1024} KiB (${bytes(budget)} B): ${verdict}` +
    ` (${total.br <= budget ? 'headroom' : 'excess'} ${bytes(Math.abs(budget - total.br))} B)`);
  return total;
}

// ---------- static server ----------

async function freePort() {
  const srv = net.createServer();
  await new Promise((resolve, reject) => srv.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = srv.address();
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

/** Starts `python3 -m http.server` on 127.0.0.1 and waits until it answers. */
async function startServer() {
  const port = process.env.BENCH_PORT ? Number(process.env.BENCH_PORT) : await freePort();
  const proc = spawn('python3', ['-m', 'http.server', '--bind', '127.0.0.1', '--directory', DIST, String(port)],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = ''; // the server logs every request to stderr: keep the tail for error messages
  proc.stderr.on('data', (d) => { log = (log + d).slice(-2000); });
  proc.unref(); proc.stderr.unref(); // never keep node alive; the exit handler stops it
  const stop = () => { if (proc.exitCode === null && proc.signalCode === null) proc.kill(); };
  process.on('exit', stop);
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { stop(); process.exit(128 + (sig === 'SIGINT' ? 2 : 15)); });
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`static server exited (${proc.exitCode}):\n${log}`);
    try {
      if ((await fetch(url)).ok) return { url, stop };
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) { stop(); throw new Error(`static server did not answer on ${url}:\n${log}`); }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A static server like a production one: every file precompressed with brotli at start-up and
 * sent with `Content-Encoding: br` (what nginx/Caddy with precompressed assets do).
 */
async function startBrotliServer() {
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css',
    '.wasm': 'application/wasm', '.png': 'image/png' };
  const cache = new Map();
  const server = http.createServer((req, res) => {
    let name = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (name.endsWith('/')) name += 'index.html';
    const file = path.join(DIST, name);
    if (!file.startsWith(DIST) || !existsSync(file) || !statSync(file).isFile()) { res.writeHead(404); res.end(); return; }
    if (!cache.has(file)) cache.set(file, zlib.brotliCompressSync(readFileSync(file), { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));
    res.writeHead(200, { 'Content-Type': types[path.extname(file)] || 'application/octet-stream', 'Content-Encoding': 'br' });
    res.end(cache.get(file));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}/`;
  await fetch(url); // warm the cache for index.html; the rest compress on first request
  for (const f of readdirSync(DIST)) if (statSync(path.join(DIST, f)).isFile()) await fetch(url + f);
  return { url, stop: () => server.close() };
}

// ---------- in-page scripts (serialised by Playwright, run in the browser) ----------

/** Init script: records performance.now() the first time the matrix holds `expected` activities. */
function installReadyProbe(expected) {
  if (window !== window.top) return;
  // The task after the next frame: that frame's style, layout and paint are done.
  const afterFrame = (name) => requestAnimationFrame(() => {
    const c = new MessageChannel();
    c.port1.onmessage = () => { window[name] = performance.now(); c.port1.close(); };
    c.port2.postMessage(0);
  });
  const observer = new MutationObserver(() => {
    // The matrix's content: the pre-rendered copy in index.html, or the live one.
    if (window.__matrixReady === undefined && document.querySelectorAll('.matrix .act').length === expected) {
      window.__matrixReady = performance.now();
      afterFrame('__matrixPainted');
    }
    // The live matrix: every activity with its state control for the chosen team.
    if (document.querySelectorAll('.matrix .act .status[data-state]').length === expected) {
      window.__matrixLive = performance.now();
      afterFrame('__livePainted');
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true });
}

/** Init script: records performance.now() the first time the heatmap shows `expected` cells. */
function installHeatProbe(expected) {
  if (window !== window.top) return;
  const observer = new MutationObserver(() => {
    if (document.querySelectorAll('.heatmap__svg .heat__cell').length === expected) {
      window.__heatReady = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true });
}

/**
 * Changes one team's state in the open heatmap cell panel (the idx-th select) to `value`.
 * Returns the times until the select shows it and storage holds it, and until the next frame.
 */
async function changeInPanel({ idx, value, prefix, timeoutMs }) {
  const select = document.querySelectorAll('.heat__panel .status__select')[idx];
  const status = select.closest('.status');
  const href = select.closest('.heat__acts > li').querySelector('a').getAttribute('href');
  const key = prefix + href.slice(href.lastIndexOf('/') + 1);
  const storedBefore = localStorage.getItem(key);
  const updated = () => status.getAttribute('data-state') === value && localStorage.getItem(key) !== storedBefore;
  const t0 = performance.now();
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
  const frame = new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())));
  while (!updated()) {
    await null;
    if (performance.now() - t0 > timeoutMs) return { error: `no update after ${timeoutMs} ms` };
  }
  const t1 = performance.now();
  return { update: t1 - t0, frame: (await frame) - t0 };
}

/** From the matrix, clicks the Heatmap link; returns ms until all `expected` cells are in the DOM. */
async function navigateToHeatmap(expected) {
  const link = [...document.querySelectorAll('nav a')].find((a) => a.textContent.trim() === 'Heatmap');
  const t0 = performance.now();
  const done = new Promise((resolve) => {
    const check = () => document.querySelectorAll('.heatmap__svg .heat__cell').length === expected;
    const observer = new MutationObserver(() => { if (check()) { observer.disconnect(); resolve(performance.now()); } });
    observer.observe(document, { childList: true, subtree: true });
  });
  link.click();
  const t1 = await done;
  const frame = await new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())));
  return { dom: t1 - t0, frame: frame - t0 };
}

/** Init script: writes the assessment into localStorage unless it is there already. */
function seedStorage(entries) {
  if (window !== window.top || localStorage.getItem('dsomm.schema') !== null) return;
  const t0 = performance.now();
  for (const [key, value] of entries) localStorage.setItem(key, value);
  window.__seedMs = performance.now() - t0;
}

/**
 * One click on the done toggle of the idx-th activity. Returns the times (ms after the click
 * began) until the toggle's aria-pressed flipped and the activity's stored value changed, and
 * until the next frame.
 */
async function clickToggle({ idx, prefix, timeoutMs }) {
  const btn = document.querySelectorAll('.matrix .act .status__toggle')[idx];
  const href = btn.closest('.act').querySelector('.act__name').getAttribute('href');
  const key = prefix + href.slice(href.lastIndexOf('/') + 1);
  // The toggle as it is now, in case the app replaced the element.
  const current = () => (btn.isConnected ? btn
    : document.querySelector(`.matrix .act__name[href="${href}"]`)?.closest('.act')?.querySelector('.status__toggle'));
  const pressedBefore = btn.getAttribute('aria-pressed');
  const storedBefore = localStorage.getItem(key);
  const updated = () => current()?.getAttribute('aria-pressed') !== pressedBefore && localStorage.getItem(key) !== storedBefore;

  const t0 = performance.now();
  btn.click();
  // Where the update landed: in the click itself, in a microtask after it (reactive effects),
  // or in a later task. Checked in that order, as early as each can be seen.
  let when = updated() ? 'sync' : null;
  let t1 = performance.now();
  // Next frame: its rAF callback, and a task posted from there, which runs after that frame's
  // style, layout and paint.
  const nextFrame = new Promise((resolve) => requestAnimationFrame(() => {
    const raf = performance.now();
    const after = new MessageChannel();
    after.port1.onmessage = () => { after.port1.close(); resolve({ raf, painted: performance.now() }); };
    after.port2.postMessage(0);
  }));
  for (let k = 0; k < 100 && !when; k++) {
    await null;
    if (updated()) { when = 'microtask'; t1 = performance.now(); }
  }
  const channel = new MessageChannel();
  while (!when) {
    await new Promise((resolve) => { channel.port1.onmessage = resolve; channel.port2.postMessage(0); });
    if (updated()) { when = 'task'; t1 = performance.now(); }
    else if (performance.now() - t0 > timeoutMs) return { error: `activity #${idx}: no update after ${timeoutMs} ms` };
  }
  channel.port1.close();
  const frame = await nextFrame;
  return {
    update: t1 - t0, frame: frame.raf - t0, painted: frame.painted - t0, when, replaced: !btn.isConnected,
    pressedBefore, pressedAfter: current()?.getAttribute('aria-pressed'), storedAfter: localStorage.getItem(key),
  };
}

// ---------- browser helpers ----------

/** Records console errors/warnings, page errors and failed requests of a page. */
function watch(page, label) {
  const note = (text) => {
    const p = problems.get(text) || { count: 0, phases: new Set() };
    p.count++; p.phases.add(label);
    problems.set(text, p);
  };
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') note(`console.${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => note(`page error: ${e.message}`));
  page.on('requestfailed', (r) => note(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  page.on('response', (r) => { if (r.status() >= 400) note(`HTTP ${r.status()}: ${r.url()}`); });
}

/** Waits until the probe saw the full matrix; returns its time and the wasm download end. */
async function waitForMatrix(page) {
  try {
    await page.waitForFunction(() => window.__livePainted !== undefined && window.__matrixPainted !== undefined, null, { timeout: WAIT_MS, polling: 50 });
  } catch (e) {
    const n = await page.evaluate(() => document.querySelectorAll('.matrix .act').length).catch(() => '?');
    throw new Error(`the matrix never showed ${ACTS} activities within ${WAIT_MS} ms (found ${n}): ${e.message}`);
  }
  return page.evaluate(() => ({
    ready: window.__matrixReady,
    painted: window.__matrixPainted,
    live: window.__matrixLive,
    livePainted: window.__livePainted,
    seed: window.__seedMs,
    wasm: performance.getEntriesByType('resource').find((r) => r.name.endsWith('.wasm'))?.responseEnd,
    // Marks set by the app around mounting (src/shell/mod.rs).
    start: performance.getEntriesByName('dsomm:start')[0]?.startTime,
    loaded: performance.getEntriesByName('dsomm:loaded')[0]?.startTime,
    mounted: performance.getEntriesByName('dsomm:mounted')[0]?.startTime,
  }));
}

/** Opens a fresh context (empty cache and storage) with the probe and optional seed installed
 *  (`acts`: how many activities the matrix shows when complete). */
async function freshPage(browser, label, seedEntries, acts = ACTS) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  await context.addInitScript(installReadyProbe, acts);
  if (seedEntries) await context.addInitScript(seedStorage, seedEntries);
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  watch(page, label);
  return { context, page };
}

/** One cold load in a fresh context: timings, the URLs requested and the activity uuids shown. */
async function coldLoad(browser, url, label, seedEntries, acts = ACTS) {
  const { context, page } = await freshPage(browser, label, seedEntries, acts);
  try {
    const requested = [];
    page.on('request', (r) => requested.push(r.url()));
    await page.goto(url, { waitUntil: 'commit' });
    const timing = await waitForMatrix(page);
    const uuids = await page.$$eval('.matrix .act .act__name', (as) => as.map((a) => a.getAttribute('href').split('/').pop()));
    return { timing, requested, uuids };
  } finally {
    await context.close();
  }
}

function reportLoads(title, runs, acts = ACTS) {
  const row = (name, values) => {
    if (values.some((v) => v === undefined)) return null;
    const s = stats(values);
    return [name, ms(s.median), ms(s.min), ms(s.max)];
  };
  const rows = [
    row(`navigation start -> matrix content in the DOM (${acts} activities)`, runs.map((r) => r.ready)),
    row('  -> that frame painted (task after its rAF)', runs.map((r) => r.painted)),
    row(`navigation start -> live matrix (${acts} state controls)`, runs.map((r) => r.live)),
    row('  -> that frame painted (task after its rAF)', runs.map((r) => r.livePainted)),
    row('  wasm fully received (responseEnd)', runs.map((r) => r.wasm)),
    row('  app start (wasm compiled and instantiated)', runs.map((r) => r.start)),
    row('  state loaded', runs.map((r) => r.loaded)),
    row('  app mounted (render done)', runs.map((r) => r.mounted)),
    row('  seeding localStorage (init script, included)', runs.map((r) => r.seed)),
  ].filter(Boolean);
  table(`${title} (${runs.length} cold runs, fresh context each, after 1 warm-up)`, ['', 'median', 'min', 'max'], rows);
}

/** localStorage entries of an assessment: TEAMS teams, each "Partly implemented" on every activity. */
function seedFor(uuids) {
  const teams = Array.from({ length: TEAMS }, (_, i) => `Team ${i + 1}`);
  const record = JSON.stringify({ Started: '2025-01-10', 'Partly implemented': '2025-02-01' });
  const progress = `{${teams.map((t) => `${JSON.stringify(t)}:${record}`).join(',')}}`;
  return [
    ['dsomm.schema', '1'],
    ['dsomm.v1.teams', JSON.stringify(teams)],
    ['dsomm.v1.team', teams[0]],
    ...uuids.map((u) => ['dsomm.v1.progress.' + u, progress]),
  ];
}

/** The key prefix of stored progress in `entries` (whatever the build's storage schema). */
function progressPrefix(entries, uuids) {
  const key = entries.map(([k]) => k).find((k) => k.endsWith(uuids[0]) && k.includes('progress'));
  if (!key) throw new Error('no stored progress in the seed');
  return key.slice(0, key.length - uuids[0].length);
}

/**
 * The seed as the build under test stores it: `legacy` (schema 1, which every version reads)
 * is loaded once and what the app then holds in localStorage is the seed (a build with a
 * newer schema migrates it on that load; cold loads then measure loading, not migrating).
 */
async function nativeSeed(browser, url, legacy) {
  const { context, page } = await freshPage(browser, 'seed', legacy);
  try {
    await page.goto(url, { waitUntil: 'commit' });
    await waitForMatrix(page);
    // The first module leaves a schema 1/2 store to the pages module, which upgrades it and
    // reloads the page: wait for the upgraded page.
    await page.waitForFunction(() => localStorage.getItem('dsomm.schema') === '3'
      && !document.documentElement.hasAttribute('data-upgrading') && window.__livePainted !== undefined,
    null, { timeout: WAIT_MS, polling: 50 });
    await page.waitForTimeout(200);
    return await page.evaluate(() => Object.keys(localStorage).map((k) => [k, localStorage.getItem(k)]));
  } finally {
    await context.close();
  }
}

/** Loads the seeded app, reloads it, then clicks CLICKS different toggles one by one. */
async function clicks(browser, url, seedEntries, { teams = TEAMS, team = 'Team 1', prefix, acts = ACTS, seeded = true } = {}) {
  const { context, page } = await freshPage(browser, 'clicks', seedEntries, acts);
  try {
    await page.goto(url, { waitUntil: 'commit' });
    await waitForMatrix(page); // this load seeds the storage
    await page.reload({ waitUntil: 'commit' });
    await waitForMatrix(page); // this one only reads it
    const check = await page.evaluate((state) => ({
      seeded: document.querySelectorAll(`.matrix .act .status[data-state="${state}"]`).length,
      label: document.querySelector('.matrix .act .status__toggle')?.getAttribute('aria-label'),
      keys: localStorage.length,
      chars: Object.keys(localStorage).reduce((n, k) => n + k.length + localStorage.getItem(k).length, 0),
    }), SEEDED_STATE);
    console.log(`\nSeeded assessment: ${teams} teams x ${acts} activities, ${check.keys} keys, ` +
      `${bytes(check.chars)} characters in localStorage (${(check.chars * 100 / QUOTA).toFixed(1)} % of the quota)`);
    if (seeded && check.seeded !== ACTS) console.log(`WARNING: only ${check.seeded} of ${ACTS} toggles show the seeded state`);
    if (!check.label?.endsWith(`(${team})`)) console.log(`WARNING: selected team is not "${team}": ${check.label}`);

    const results = [];
    for (let i = 0; i < CLICKS; i++) {
      const idx = (i * 37) % ACTS; // 37 is coprime with 194: distinct activities spread over the matrix
      const r = await page.evaluate(clickToggle, { idx, prefix, timeoutMs: WAIT_MS });
      if (r.error) throw new Error(r.error);
      // The stored value changed (waited for); the toggle flipped.
      if (r.pressedAfter !== String(r.pressedBefore === 'false')) {
        problems.set(`toggle #${idx}: aria-pressed ${r.pressedBefore} -> ${r.pressedAfter}`,
          { count: 1, phases: new Set(['clicks']) });
      }
      results.push(r);
      await page.waitForTimeout(50); // let deferred work settle before the next click
    }
    const upd = stats(results.map((r) => r.update));
    const frm = stats(results.map((r) => r.frame));
    const pnt = stats(results.map((r) => r.painted));
    table(`Click on a done toggle, ${teams} teams stored (${CLICKS} clicks, ${team})`, ['', 'median', 'min', 'max'], [
      ['click -> aria-pressed flipped + stored', ms(upd.median), ms(upd.min), ms(upd.max)],
      ['click -> next frame (rAF)', ms(frm.median), ms(frm.min), ms(frm.max)],
      ['click -> that frame painted (task after rAF)', ms(pnt.median), ms(pnt.min), ms(pnt.max)],
    ]);
    const count = (w) => results.filter((r) => r.when === w).length;
    const replaced = results.filter((r) => r.replaced).length;
    console.log(`update seen: in the click ${count('sync')}, in a microtask after it ${count('microtask')}, ` +
      `in a later task ${count('task')} (of ${CLICKS} clicks)` +
      (replaced ? `; the toggle element was replaced in ${replaced} clicks` : ''));
  } finally {
    await context.close();
  }
}

/** The heatmap with 50 teams stored: cold loads of #/heatmap, and state changes in a cell panel. */
async function heatmap(browser, url, seedEntries, cells, prefix) {
  const loads = [];
  for (let i = 0; i < RUNS; i++) {
    const { context, page } = await freshPage(browser, 'heatmap', seedEntries);
    try {
      await context.addInitScript(installHeatProbe, cells);
      await page.goto(url + '#/heatmap', { waitUntil: 'commit' });
      await page.waitForFunction(() => window.__heatReady !== undefined, null, { timeout: WAIT_MS, polling: 50 });
      loads.push(await page.evaluate(() => ({
        ready: window.__heatReady,
        mounted: performance.getEntriesByName('dsomm:mounted')[0]?.startTime,
      })));
    } finally {
      await context.close();
    }
  }
  const { context, page } = await freshPage(browser, 'heatmap changes', seedEntries);
  try {
    await page.goto(url, { waitUntil: 'commit' });
    await waitForMatrix(page); // seeds the storage
    const navs = [];
    for (let i = 0; i < RUNS; i++) {
      await page.goto(url + '#/');
      await page.reload();
      await waitForMatrix(page);
      navs.push(await page.evaluate(navigateToHeatmap, cells));
    }
    await page.getByRole('button', { name: /^Build, level 2:/ }).click();
    await page.waitForSelector('.heat__panel .status__select');
    const n = await page.evaluate(() => document.querySelectorAll('.heat__panel .status__select').length);
    const changes = [];
    for (let i = 0; i < CLICKS; i++) {
      // Alternate one team between "Fully implemented" (3) and back to "Partly implemented" (2).
      const r = await page.evaluate(changeInPanel, { idx: (i >> 1) % n, value: i % 2 ? '2' : '3', prefix, timeoutMs: WAIT_MS });
      if (r.error) throw new Error(r.error);
      changes.push(r);
      await page.waitForTimeout(50);
    }
    const s = (f) => stats(changes.map(f));
    const ready = stats(loads.map((l) => l.ready));
    const mounted = stats(loads.map((l) => l.mounted));
    table(`Heatmap, ${TEAMS} teams stored, all teams shown (${RUNS} cold loads of #/heatmap; ${CLICKS} state changes in a cell panel with ${n} team controls)`, ['', 'median', 'min', 'max'], [
      [`cold load: navigation start -> ${cells} heatmap cells in the DOM`, ms(ready.median), ms(ready.min), ms(ready.max)],
      ['  app mounted (render done)', ms(mounted.median), ms(mounted.min), ms(mounted.max)],
      ['in the app: click "Heatmap" -> all cells in the DOM', ms(stats(navs.map((n) => n.dom)).median), ms(stats(navs.map((n) => n.dom)).min), ms(stats(navs.map((n) => n.dom)).max)],
      ['  -> next frame (rAF)', ms(stats(navs.map((n) => n.frame)).median), ms(stats(navs.map((n) => n.frame)).min), ms(stats(navs.map((n) => n.frame)).max)],
      ['state change -> control shows it + stored', ms(s((r) => r.update).median), ms(s((r) => r.update).min), ms(s((r) => r.update).max)],
      ['state change -> next frame (rAF)', ms(s((r) => r.frame).median), ms(s((r) => r.frame).min), ms(s((r) => r.frame).max)],
    ]);
  } finally {
    await context.close();
  }
}

/** Init script: records performance.now() the first time the mappings table shows `expected` rows. */
function installMappingProbe(expected) {
  if (window !== window.top) return;
  const observer = new MutationObserver(() => {
    if (document.querySelectorAll('.mapping tbody tr').length === expected) {
      window.__mappingReady = performance.now();
      requestAnimationFrame(() => { window.__mappingFrame = performance.now(); });
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true });
}

/**
 * One change on the mappings page: a click on the `column`-th sort button, or typing `text`
 * into the search. Returns ms until the table body changed, and until the next frame.
 */
async function mappingChange({ column, text }) {
  const body = document.querySelector('.mapping tbody');
  const before = body.innerHTML;
  // A change that shows the same rows in the same order (say, sorting by a column whose
  // values are all equal, after another that kept the model's order) changes nothing.
  const changed = new Promise((resolve) => {
    const o = new MutationObserver(() => { if (body.innerHTML !== before) { o.disconnect(); resolve(performance.now()); } });
    o.observe(body, { childList: true, subtree: true, characterData: true, attributes: true });
    setTimeout(() => { o.disconnect(); resolve(null); }, 2000);
  });
  const t0 = performance.now();
  if (text === undefined) {
    document.querySelectorAll('.mapping__sort')[column].click();
  } else {
    const input = document.querySelector('.mapping-page input[type=search]');
    input.value = text;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }
  const t1 = await changed;
  if (t1 === null) return { same: true };
  // The task after the next frame's rAF: that frame's style, layout and paint are done.
  const painted = await new Promise((resolve) => requestAnimationFrame(() => {
    const c = new MessageChannel();
    c.port1.onmessage = () => { c.port1.close(); resolve(performance.now()); };
    c.port2.postMessage(0);
  }));
  return { dom: t1 - t0, frame: painted - t0 };
}

/** The mappings page with 50 teams stored: cold loads, sorting, searching and exports. */
async function mappings(browser, url, seedEntries) {
  const loads = { empty: [], seeded: [] };
  for (let i = 0; i < RUNS; i++) {
    for (const [kind, seed] of [['empty', null], ['seeded', seedEntries]]) {
      const { context, page } = await freshPage(browser, `mapping ${kind}`, seed);
      try {
        await context.addInitScript(installMappingProbe, ACTS);
        await page.goto(url + '#/mapping', { waitUntil: 'commit' });
        await page.waitForFunction(() => window.__mappingFrame !== undefined, null, { timeout: WAIT_MS, polling: 50 });
        loads[kind].push(await page.evaluate(() => ({ ready: window.__mappingReady, frame: window.__mappingFrame })));
      } finally {
        await context.close();
      }
    }
  }
  const { context, page } = await freshPage(browser, 'mapping changes', seedEntries);
  try {
    await context.addInitScript(installMappingProbe, ACTS);
    await page.goto(url + '#/mapping', { waitUntil: 'commit' });
    await page.waitForFunction(() => window.__mappingFrame !== undefined, null, { timeout: WAIT_MS, polling: 50 });
    // All 50 teams in the state column and the exports.
    await page.getByRole('combobox', { name: 'Team', exact: true }).selectOption({ label: 'All teams' });
    await page.waitForFunction(() => document.querySelector('.mapping__summary')?.textContent.includes('all teams'));
    const sorts = [];
    for (let i = 0; i < CLICKS; i++) {
      const r = await page.evaluate(mappingChange, { column: i % 9 });
      if (!r.same) sorts.push(r);
    }
    const searches = [];
    // Each word shows other rows than the one before.
    const words = ['8.31', 'sbom', 'build test', 'i-sb', 'level 3', 'x'];
    for (let i = 0; i < CLICKS; i++) {
      const r = await page.evaluate(mappingChange, { text: words[i % words.length] });
      if (!r.same) searches.push(r);
    }
    await page.evaluate(mappingChange, { text: '' });
    const exportTime = async (group, format) => {
      const t0 = Date.now();
      const [dl] = await Promise.all([
        page.waitForEvent('download', { timeout: WAIT_MS }),
        page.getByRole('group', { name: group }).getByRole('button', { name: format }).click(),
      ]);
      const t1 = Date.now();
      const size = readFileSync(await dl.path()).length;
      return { ms: t1 - t0, size };
    };
    const exportsRows = [];
    for (const [group, format, label] of [
      ['Download this table', 'Excel (XLSX)', 'mappings XLSX (first export: loads the export module)'],
      ['Download this table', 'Excel (XLSX)', 'mappings XLSX'],
      ['Download this table', 'CSV', 'mappings CSV'],
      ['Statement of Applicability (ISO 27001:2022)', 'Excel (XLSX)', 'Statement of Applicability XLSX'],
      ['Statement of Applicability (ISO 27001:2022)', 'CSV', 'Statement of Applicability CSV'],
    ]) {
      const r = await exportTime(group, format);
      exportsRows.push([`${label}: click -> download (${bytes(r.size)} B)`, ms(r.ms), '', '']);
    }
    const row = (name, values) => { const st = stats(values); return [name, ms(st.median), ms(st.min), ms(st.max)]; };
    table(`Mappings page (${RUNS} cold loads of #/mapping each; ${sorts.length} sorts and ${searches.length} searches that changed the table, ${TEAMS} teams shown)`, ['', 'median', 'min', 'max'], [
      row(`cold load, empty storage: navigation start -> ${ACTS} rows in the DOM`, loads.empty.map((l) => l.ready)),
      row('  -> next frame (rAF)', loads.empty.map((l) => l.frame)),
      row(`cold load, ${TEAMS} teams stored: -> ${ACTS} rows in the DOM`, loads.seeded.map((l) => l.ready)),
      row('  -> next frame (rAF)', loads.seeded.map((l) => l.frame)),
      row('sort (click a column header) -> table rebuilt', sorts.map((r) => r.dom)),
      row('  -> that frame painted (task after its rAF)', sorts.map((r) => r.frame)),
      row('search (type into the box) -> table rebuilt', searches.map((r) => r.dom)),
      row('  -> that frame painted (task after its rAF)', searches.map((r) => r.frame)),
      ...exportsRows,
    ]);
  } finally {
    await context.close();
  }
}

// ---------- imports and a big organisation ----------

/** A team-progress.yaml as the reference app writes it (single quotes, unquoted dates):
 * `teams` teams, each "Started" then "Partly implemented" on every activity. */
function referenceFile(uuids, teams, from = 0) {
  let out = 'progress:\n';
  for (const u of uuids) {
    out += `  ${u}:\n`;
    for (let i = from; i < from + teams; i++) {
      out += `    'Team ${i + 1}':\n      'Started': 2025-01-10\n      'Partly implemented': 2025-02-01\n`;
    }
  }
  return out;
}

/** Page script: records when the next file's `change` event fired and when the preview
 * heading appeared. */
function installImportProbe() {
  window.__imp = {};
  document.addEventListener('change', (e) => {
    if (e.target?.dataset?.testid === 'import-file') window.__imp = { change: performance.now() };
  }, true);
  new MutationObserver(() => {
    if (window.__imp.change && !window.__imp.preview && document.querySelector('#preview-title')) {
      window.__imp.preview = performance.now();
    }
  }).observe(document.body, { childList: true, subtree: true });
}

/** Page script: clicks "Merge into my assessment"; ms until the last value was written to
 * localStorage (a wrapped setItem notes each write), and until the page says it was imported. */
async function mergeNow({ name, timeoutMs }) {
  const button = [...document.querySelectorAll('button')].find((b) => b.textContent.includes('Merge into my assessment'));
  if (!button) return { error: 'no merge button' };
  let lastWrite = null;
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (k, v) { setItem.call(this, k, v); lastWrite = performance.now(); };
  // This file's message (earlier imports' messages stay), or a refusal.
  const done = () => [...document.querySelectorAll('[role=status], .notice')].some((n) => n.textContent.includes(`Imported “${name}”`));
  const refused = () => [...document.querySelectorAll('[role=alert]')].find((n) => !n.hidden && /not saved|not imported|storage is full/i.test(n.textContent));
  const t0 = performance.now();
  button.click();
  try {
    while (!done()) {
      await new Promise((r) => setTimeout(r, 0));
      if (refused()) return { error: refused().textContent.trim() };
      if (performance.now() - t0 > timeoutMs) return { error: 'no "Imported" message' };
    }
  } finally {
    Storage.prototype.setItem = setItem;
  }
  return { written: lastWrite - t0, shown: performance.now() - t0 };
}

/** Uploads `text` on the Import / export page of `page` and merges it. */
async function importOnce(page, name, text) {
  await page.evaluate(installImportProbe);
  await page.getByTestId('import-file').setInputFiles({ name, mimeType: 'application/yaml', buffer: Buffer.from(text) });
  // The preview, or a refusal (too many teams, an unreadable file).
  await page.waitForFunction(() => window.__imp.preview || [...document.querySelectorAll('[role=alert]')].some((n) => !n.hidden && n.textContent.includes('was not imported')),
    null, { timeout: WAIT_MS, polling: 20 });
  const refusal = await page.evaluate(() => window.__imp.preview ? null : [...document.querySelectorAll('[role=alert]')].find((n) => !n.hidden && n.textContent.includes('was not imported')).textContent.trim());
  if (refusal) throw new Error(`${name}: ${refusal}`);
  const preview = await page.evaluate(() => window.__imp.preview - window.__imp.change);
  const alert = await page.locator('#preview-title ~ * [role=alert], .alert--error:visible').count();
  const merge = await page.evaluate(mergeNow, { name, timeoutMs: WAIT_MS });
  if (merge.error) throw new Error(`${name}: ${merge.error}${alert ? ' (the preview shows an error)' : ''}`);
  return { preview, merge: merge.written, shown: merge.shown };
}

/** The reference app's 50-team file: upload to preview, and merge, in fresh pages. */
async function imports(browser, url, uuids) {
  const text = referenceFile(uuids, TEAMS);
  const states = (text.match(/: 20\d\d-/g) || []).length;
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const { context, page } = await freshPage(browser, 'import');
    try {
      await page.goto(`${url}#/data`);
      await page.getByTestId('import-file').waitFor({ state: 'attached' });
      runs.push(await importOnce(page, 'team-progress.yaml', text));
    } finally {
      await context.close();
    }
  }
  const row = (name, values) => { const v = stats(values); return [name, ms(v.median), ms(v.min), ms(v.max)]; };
  table(`Import of a reference-app team-progress.yaml: ${TEAMS} teams, ${bytes(text.length)} bytes, ${bytes(states)} dated states (${runs.length} runs, fresh page, 4 teams before)`,
    ['', 'median', 'min', 'max'], [
      row('file chosen (change event) -> preview shown', runs.map((r) => r.preview)),
      row('merge click -> last value written to localStorage', runs.map((r) => r.merge)),
      row('merge click -> "Imported" message in the page', runs.map((r) => r.shown)),
    ]);
}

/** A big organisation: ten uploads of 100 teams each, then what the app stores (the seed of
 * the loads and clicks below), or null when this build cannot hold it. */
async function bigAssessment(browser, url, uuids) {
  const { context, page } = await freshPage(browser, 'big');
  try {
    await page.goto(`${url}#/data`);
    await page.getByTestId('import-file').waitFor({ state: 'attached' });
    const runs = [];
    for (let k = 0; k < BIG_TEAMS / 100; k++) {
      try {
        runs.push(await importOnce(page, `teams-${k}.yaml`, referenceFile(uuids, 100, k * 100)));
      } catch (e) {
        console.log(`\n${BIG_TEAMS} teams: upload ${k + 1} of ${BIG_TEAMS / 100} failed, this build cannot hold them (${e.message.split('\n')[0]})`);
        return null;
      }
    }
    const row = (name, values) => { const v = stats(values); return [name, ms(v.median), ms(v.min), ms(v.max)]; };
    table(`Ten uploads of 100 teams each (${bytes(referenceFile(uuids, 100).length)} bytes per file), into one assessment`,
      ['', 'median', 'min', 'max'], [
        row('file chosen -> preview shown', runs.map((r) => r.preview)),
        row('merge click -> last value written', runs.map((r) => r.merge)),
        ['last upload: preview, merge', ms(runs.at(-1).preview), ms(runs.at(-1).merge), ''],
      ]);
    const stored = await page.evaluate(() => Object.keys(localStorage).map((k) => [k, localStorage.getItem(k)]));
    // The header's choice: a team with progress.
    return [...stored.filter(([k]) => k !== 'dsomm.v1.team'), ['dsomm.v1.team', 't:Team 1']];
  } finally {
    await context.close();
  }
}

/** Page script: sets the URL fragment to `hash` (or, with `input`, sets that input's value and
 * fires `change`), waits until `selector` is in the page, and returns ms until the frame after
 * that was painted (the task after the next animation frame). */
async function timedChange({ hash, input, value, selector, timeoutMs }) {
  const t0 = performance.now();
  if (input) {
    const el = document.querySelector(input);
    el.value = value;
    el.dispatchEvent(new Event('change', { bubbles: true }));
  } else {
    location.hash = hash;
  }
  // A changed input is worked out and rendered in the reactive effects that run right after
  // its event (microtasks), so before the next frame.
  while (!document.querySelector(selector)) {
    await new Promise((r) => setTimeout(r, 0));
    if (performance.now() - t0 > timeoutMs) return null;
  }
  return new Promise((resolve) => requestAnimationFrame(() => {
    const c = new MessageChannel();
    c.port1.onmessage = () => resolve(performance.now() - t0);
    c.port2.postMessage(0);
  }));
}

/** With the big assessment stored: opening the pages that show every team (fresh page each
 * run, the pages module loaded first), and changing the Teams overview's "changed since". */
async function bigPages(browser, url, seedEntries, uuids) {
  const steps = [
    ['Teams page (overview, changed since, team list)', { hash: '#/teams', selector: '#changed-title ~ .table-scroll tbody tr' }],
    ['"Changed since" a year back', { input: '#changed-title ~ label input[type=date]', value: '2025-12-01', selector: '#changed-title ~ .table-scroll tbody tr' }],
    ['activity page', { hash: `#/activity/${uuids[5]}`, selector: '#activity-title' }],
    ['heatmap', { hash: '#/heatmap', selector: '.heatmap [id^="heat-"]' }],
    ['report', { hash: '#/report', selector: '#report-title' }],
  ];
  const times = steps.map(() => []);
  for (let i = 0; i < RUNS; i++) {
    const { context, page } = await freshPage(browser, 'big pages', seedEntries);
    try {
      await page.goto(url, { waitUntil: 'commit' });
      await waitForMatrix(page);
      // The pages module has started (and read the assessment) once a page of it shows.
      await page.evaluate(() => { location.hash = '#/data'; });
      await page.getByTestId('import-file').waitFor({ state: 'attached' });
      for (const [k, [, step]] of steps.entries()) {
        await page.evaluate(() => { location.hash = '#/'; });
        await page.waitForTimeout(300);
        if (step.input) {
          await page.evaluate(() => { location.hash = '#/teams'; });
          await page.locator('#changed-title').waitFor();
          await page.waitForTimeout(300);
        }
        const ms = await page.evaluate(timedChange, { ...step, timeoutMs: WAIT_MS });
        if (ms === null) throw new Error(`${steps[k][0]}: ${step.selector} did not appear`);
        times[k].push(ms);
      }
    } finally {
      await context.close();
    }
  }
  const row = (name, values) => { const v = stats(values); return [name, ms(v.median), ms(v.min), ms(v.max)]; };
  table(`With ${BIG_TEAMS} teams stored: change -> its frame painted (${RUNS} runs, fresh page)`,
    ['', 'median', 'min', 'max'], steps.map(([name], k) => row(name, times[k])));
}

// ---------- a custom model (issue 11) ----------

const CUSTOM_EXTRA = 50; // custom activities added to the reference sample file

/** The reference app's sample custom file plus CUSTOM_EXTRA activities of our own (a new
 *  dimension of five sub-dimensions, each activity with texts, tags and a dependency). */
function customFile() {
  let text = readFileSync(path.join(ROOT, '../shared/dsomm-data/custom-activities.yaml'), 'utf8');
  text += '\nOur platform:\n';
  for (let s = 0; s < 5; s++) {
    text += `  Platform area ${s + 1}:\n`;
    for (let a = 0; a < CUSTOM_EXTRA / 5; a++) {
      const n = s * 10 + a;
      text += `    Our activity ${n}:\n      uuid: 00000000-0000-4000-8000-${String(n).padStart(12, '0')}\n` +
        `      level: ${(a % 5) + 1}\n      tags: [ours, platform-${s}]\n` +
        `      dependsOn: [f6f7737f-25a9-4317-8de2-09bf59f29b5b]\n` +
        `      description: |\n        Our own activity number ${n}, with **markdown** and a [link](https://example.org/${n}).\n` +
        `      risk: Something goes wrong on platform ${s}.\n      measure: Do it well.\n`;
    }
  }
  return text;
}

/** Loads, reloads and opens pages with the sample file plus CUSTOM_EXTRA activities applied,
 *  against the official model, alternating runs (one session). */
async function customModel(browser, url) {
  const expected = 195 + CUSTOM_EXTRA;
  // Applied once through the page, as a user does; the storage it leaves is the seed.
  const { context, page } = await freshPage(browser, 'custom apply');
  let seed;
  try {
    await page.goto(url, { waitUntil: 'commit' });
    await waitForMatrix(page);
    await page.evaluate(() => { location.hash = '#/data'; });
    const t0 = Date.now();
    await page.getByTestId('import-custom').setInputFiles({ name: 'ours.yaml', mimeType: 'application/yaml', buffer: Buffer.from(customFile()) });
    await page.getByRole('button', { name: 'Apply this model' }).waitFor();
    const preview = Date.now() - t0;
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Apply this model' }).click()]);
    seed = await page.evaluate(() => Object.keys(localStorage).map((k) => [k, localStorage.getItem(k)]));
    const stored = seed.find(([k]) => k === 'dsomm.v1.custom-activities')?.[1] ?? '';
    console.log(`\nCustom model: the sample file + ${CUSTOM_EXTRA} activities (${expected} activities); file chosen -> preview shown ${preview} ms (one run, includes reading the file); stored compiled: ${bytes(stored.length)} characters`);
  } finally {
    await context.close();
  }
  const official = [];
  const custom = [];
  for (let i = 0; i < RUNS; i++) {
    official.push((await coldLoad(browser, url, 'official load')).timing);
    custom.push((await coldLoad(browser, url, 'custom load', seed, expected)).timing);
  }
  reportLoads('Load, official model, empty storage', official);
  reportLoads(`Load, custom model (${expected} activities)`, custom, expected);
  // Pages: change -> frame painted, fresh page each run, the pages module started first.
  const steps = [
    ['activity page (a custom activity)', { hash: '#/activity/00000000-0000-4000-8000-000000000007', official: `#/activity/f6f7737f-25a9-4317-8de2-09bf59f29b5b`, selector: '#activity-title' }],
    ['heatmap', { hash: '#/heatmap', selector: '.heatmap [id^="heat-"]' }],
    ['mappings', { hash: '#/mapping', selector: '.mapping tbody tr' }],
    ['text search "platform"', { input: 'input[type=search]', value: 'platform', selector: '.filters__summary [role=status]' }],
  ];
  const times = { official: steps.map(() => []), custom: steps.map(() => []) };
  for (let i = 0; i < RUNS; i++) {
    for (const which of ['official', 'custom']) {
      const { context, page } = await freshPage(browser, `${which} pages`, which === 'custom' ? seed : undefined, which === 'custom' ? expected : ACTS);
      try {
        await page.goto(url, { waitUntil: 'commit' });
        await waitForMatrix(page);
        await page.evaluate(() => { location.hash = '#/data'; });
        await page.getByTestId('import-file').waitFor({ state: 'attached' });
        for (const [k, [, step]] of steps.entries()) {
          await page.evaluate(() => { location.hash = '#/'; });
          await page.waitForTimeout(300);
          const hash = which === 'official' && step.official ? step.official : step.hash;
          const ms = step.input
            ? await page.evaluate(({ input, value, timeoutMs }) => {
              const t0 = performance.now();
              const el = document.querySelector(input);
              el.value = value;
              el.dispatchEvent(new Event('input', { bubbles: true }));
              return new Promise((resolve) => requestAnimationFrame(() => {
                const c = new MessageChannel();
                c.port1.onmessage = () => resolve(performance.now() - t0);
                c.port2.postMessage(0);
              }));
            }, { ...step, timeoutMs: WAIT_MS })
            : await page.evaluate(timedChange, { ...step, hash, timeoutMs: WAIT_MS });
          if (ms === null) throw new Error(`${steps[k][0]}: ${step.selector} did not appear`);
          times[which][k].push(ms);
          if (step.input) await page.evaluate((sel) => { const el = document.querySelector(sel); el.value = ''; el.dispatchEvent(new Event('input', { bubbles: true })); }, step.input);
        }
      } finally {
        await context.close();
      }
    }
  }
  const row = (name, a, b) => { const x = stats(a); const y = stats(b); return [name, ms(x.median), ms(y.median), ms(y.min), ms(y.max)]; };
  table(`Pages: change -> its frame painted (${RUNS} runs each, alternating, fresh page)`,
    ['', 'official median', 'custom median', 'custom min', 'custom max'], steps.map(([name], k) => row(name, times.official[k], times.custom[k])));
  await clicks(browser, url, seed, { teams: 4, team: 'Team A', prefix: 'dsomm.v3.progress.', acts: expected, seeded: false });
}

// ---------- every route, cold, against the reference app (issue 20) ----------

/** A static server for `dir` (in routes mode, for our build and the reference's alike):
 *  the headers `python3 -m http.server` sends (Content-Type, Content-Length, Last-Modified,
 *  no Cache-Control; 304 on If-Modified-Since), and with `fallback` index.html for paths
 *  that name no file, as the reference app's path routes need (its Caddyfile does the same). */
async function startStaticServer(dir, fallback) {
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
    '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json', '.yaml': 'application/yaml',
    '.md': 'text/markdown', '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.ico': 'image/x-icon',
    '.woff2': 'font/woff2', '.webmanifest': 'application/manifest+json', '.txt': 'text/plain' };
  const root = path.resolve(dir);
  const server = http.createServer((req, res) => {
    let name = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (name.endsWith('/')) name += 'index.html';
    let file = path.join(root, name);
    const isFile = (f) => f.startsWith(root) && existsSync(f) && statSync(f).isFile();
    if (!isFile(file) && fallback && !path.extname(name)) file = path.join(root, 'index.html');
    if (!isFile(file)) { res.writeHead(404); res.end(); return; }
    const st = statSync(file);
    const modified = new Date(Math.floor(st.mtimeMs / 1000) * 1000);
    const since = Date.parse(req.headers['if-modified-since'] || '');
    if (!Number.isNaN(since) && modified.getTime() <= since) { res.writeHead(304); res.end(); return; }
    res.writeHead(200, { 'Content-Type': types[path.extname(file)] || 'application/octet-stream',
      'Content-Length': st.size, 'Last-Modified': modified.toUTCString() });
    res.end(readFileSync(file));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}/`, stop: () => server.close() };
}

/** Init script: records performance.now() the first time every check holds (`sel` matches
 *  exactly `n` elements, or at least `n` with `atLeast`; with `text`, each has text), and
 *  the task after the next frame (that frame's style, layout and paint done). */
function installRouteProbe(checks) {
  if (window !== window.top) return;
  const holds = () => checks.every(({ sel, n, atLeast, text }) => {
    const els = document.querySelectorAll(sel);
    if (atLeast ? els.length < n : els.length !== n) return false;
    return !text || [...els].every((e) => e.textContent.trim() !== '');
  });
  const observer = new MutationObserver(() => {
    if (!holds()) return;
    observer.disconnect();
    window.__routeReady = performance.now();
    requestAnimationFrame(() => {
      const c = new MessageChannel();
      c.port1.onmessage = () => { window.__routePainted = performance.now(); c.port1.close(); };
      c.port2.postMessage(0);
    });
  });
  // characterData too: the reference app (Angular) fills text nodes in place.
  observer.observe(document, { childList: true, subtree: true, characterData: true });
}

const ROUTE_UUID = 'f6f7737f-25a9-4317-8de2-09bf59f29b5b'; // "Defined build process", in both models
const atLeast = (sel, n = 1, text = false) => ({ sel, n, atLeast: true, text });
const exactly = (sel, n) => ({ sel, n, atLeast: false });

/** Each page: our URL (after the server's) and what shows it usable; the reference app's
 *  matching path and its check (none: no such page there). Ours check only `#pages` (what
 *  the pages module renders) but for the matrix, whose state controls only the live first
 *  module adds (the pre-rendered copy in index.html has none). */
const ALL_ROUTES = [
  { name: 'matrix', ours: '#/', check: [exactly('.matrix .act .status[data-state]', ACTS)],
    ref: 'matrix', refCheck: [exactly('.matrix-table a.activity-title', ACTS)] },
  { name: 'activity page', ours: `#/activity/${ROUTE_UUID}`,
    check: [atLeast('#pages #activity-title', 1, true), atLeast('#pages tbody .status .status__select')],
    ref: `activity-description?uuid=${ROUTE_UUID}`,
    refCheck: [atLeast('app-activity-description h1', 1, true), atLeast('app-activity-description #description', 1, true)] },
  { name: 'heatmap', ours: '#/heatmap', check: [exactly('#pages .heatmap__svg .heat__cell', HEAT_CELLS)],
    ref: 'circular-heatmap', refCheck: [exactly('#chart svg path[id^="index-"]', HEAT_CELLS)] },
  { name: 'mappings', ours: '#/mapping', check: [exactly('#pages .mapping tbody tr', ACTS)],
    ref: 'mapping', refCheck: [exactly('table.matrix-table tr.mat-row', ACTS)] },
  { name: 'teams', ours: '#/teams', check: [atLeast('#pages .teamlist__item .teamlist__actions button'), exactly('#pages .overview .kpi__value', 3)],
    ref: 'teams', refCheck: [atLeast('app-teams-groups-editor .selectable-list li', 2, true), exactly('app-kpi', 3)] },
  { name: 'settings', ours: '#/settings', check: [atLeast('#pages #settings-title'), atLeast('#pages .themes input[type=radio]', 2)],
    ref: 'settings', refCheck: [atLeast('.progress-definitions-grid .progress-key', 2, true), atLeast('#maxLevelSlider')] },
  { name: 'report', ours: '#/report', check: [atLeast('#pages .report-page .report > *'), atLeast('#pages .report__toolbar button')],
    ref: 'report', refCheck: [atLeast('.report-body .dimension-section')] },
  { name: 'data', ours: '#/data', check: [atLeast('#pages [data-testid=import-file]')] },
  { name: 'dependencies', ours: '#/dependencies', check: [atLeast('#pages .graph__holder--page .graph__node')] },
];

/** Routes mode's browser flag: every host but 127.0.0.1 fails to resolve at once, so the
 *  reference app's fonts and stylesheets from CDNs neither time the network nor hang where
 *  there is none (not `context.route`, which turns the HTTP cache off). */
const LOCAL_ONLY = '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1';

/** One visit in a fresh context (empty cache and storage), then, with `repeat`, a second one
 *  in the same context (about:blank in between, so a new document with a warm HTTP cache and
 *  V8 code cache). */
async function routeVisit(browser, url, checks, label, repeat) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  await context.addInitScript(installRouteProbe, checks);
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  watch(page, label);
  const once = async () => {
    await page.goto(url, { waitUntil: 'commit' });
    try {
      await page.waitForFunction(() => window.__routePainted !== undefined, null, { timeout: WAIT_MS, polling: 20 });
    } catch (e) {
      const found = await page.evaluate((cs) => cs.map((c) => `${c.sel}: ${document.querySelectorAll(c.sel).length}`), checks).catch(() => '?');
      throw new Error(`${label} (${url}) never became usable within ${WAIT_MS} ms (${found}): ${e.message}`);
    }
    return page.evaluate(() => ({ ready: window.__routeReady, painted: window.__routePainted }));
  };
  try {
    const cold = await once();
    if (!repeat) return { cold };
    await page.goto('about:blank');
    return { cold, repeat: await once() };
  } finally {
    await context.close();
  }
}

/** Cold (and repeat) visits of every route, ours and, with BENCH_REF, the reference app's
 *  matching pages; runs alternate between the two (and which goes first) so machine noise
 *  hits both. */
async function routes(browser, oursUrl, refUrl, beforeUrl) {
  const repeat = process.env.BENCH_REPEAT !== '0';
  // BENCH_ROUTES: only the routes named (comma-separated, as in the table: "activity page,teams").
  const only = (process.env.BENCH_ROUTES || '').split(',').map((n) => n.trim()).filter(Boolean);
  const unknown = only.filter((n) => !ALL_ROUTES.some((r) => r.name === n));
  if (unknown.length) throw new Error(`BENCH_ROUTES names no route: ${unknown.join(', ')} (routes: ${ALL_ROUTES.map((r) => r.name).join(', ')})`);
  const ROUTES = only.length ? ALL_ROUTES.filter((r) => only.includes(r.name)) : ALL_ROUTES;
  // Each side: its name, the URL of its build, and which route fields it uses.
  const SIDES = [['ours', oursUrl], ['before', beforeUrl], ['ref', refUrl]].filter(([, u]) => u);
  const target = (side, r) => (side === 'ref' ? r.ref && [r.ref, r.refCheck] : [r.ours, r.check]);
  const label = { ours: 'ours', before: 'before', ref: 'reference' };
  const times = ROUTES.map(() => Object.fromEntries(SIDES.map(([side]) => [side, []])));
  // One visit of each, not counted: fills the browser's own caches (fonts, processes).
  for (const r of ROUTES) {
    for (const [side, url] of SIDES) {
      const t = target(side, r);
      if (t) await routeVisit(browser, url + t[0], t[1], `${label[side]} ${r.name}`, false);
    }
  }
  for (let i = 0; i < RUNS; i++) {
    for (const [k, r] of ROUTES.entries()) {
      // Which side goes first turns with every run, so machine noise hits each alike.
      const order = SIDES.map((_, j) => SIDES[(j + i) % SIDES.length]);
      for (const [side, url] of order) {
        const t = target(side, r);
        if (t) times[k][side].push(await routeVisit(browser, url + t[0], t[1], `${label[side]} ${r.name}`, repeat));
      }
    }
  }
  const med = (runs, visit) => stats(runs.map((v) => v[visit].painted)).median;
  const span = (runs, visit) => { const s = stats(runs.map((v) => v[visit].painted)); return `${s.min.toFixed(0)}-${s.max.toFixed(0)}`; };
  const has = (side) => SIDES.some(([s]) => s === side);
  for (const visit of repeat ? ['cold', 'repeat'] : ['cold']) {
    const rows = ROUTES.map((r, k) => {
      const t = times[k];
      const row = [`${r.name} (${r.ours}${r.ref && has('ref') ? ` | /${r.ref}` : ''})`.replaceAll(ROUTE_UUID, '<uuid>'), ms(med(t.ours, visit)), span(t.ours, visit)];
      if (has('before')) row.push(ms(med(t.before, visit)));
      if (has('ref')) {
        const f = t.ref.length ? med(t.ref, visit) : null;
        row.push(f ? ms(f) : '-', f ? span(t.ref, visit) : '-', f ? (med(t.ours, visit) / f).toFixed(2) : '-');
        if (has('before')) row.push(f ? (med(t.before, visit) / f).toFixed(2) : '-');
      }
      return row;
    });
    const header = ['route (ours | reference)', 'ours', 'ours min-max'];
    if (has('before')) header.push('before');
    if (has('ref')) header.push('reference', 'ref min-max', 'ours/ref');
    if (has('before') && has('ref')) header.push('before/ref');
    const what = visit === 'cold' ? 'cold load (fresh context: empty cache and storage)' : 'repeat visit (same context, second load: warm HTTP and code caches)';
    table(`Routes, ${what}: navigation start -> usable content in the DOM -> that frame painted (median of ${RUNS} runs${SIDES.length > 1 ? `, ${SIDES.map(([s]) => label[s]).join(', ')} alternating` : ''}; <uuid> = ${ROUTE_UUID})`,
      header, rows);
  }
  const dom = ROUTES.map((r, k) => [r.name, ...SIDES.map(([side]) => (times[k][side].length ? ms(stats(times[k][side].map((v) => v.cold.ready)).median) : '-'))]);
  table('Cold load: navigation start -> usable content in the DOM, before its frame (medians)', ['route', ...SIDES.map(([s]) => label[s])], dom);
}

// ---------- main ----------

async function main() {
  const files = bundleFiles();
  console.log(`Measuring ${DIST}`);
  reportSizes(files.first, 'Bundle sizes (bytes) of what the usable first screen needs', BUDGET);
  reportSizes(files.later, 'Fetched beside or after it: the search index, every other page (the pages module and its styles), old-link pages', 0);
  reportSizes(files.all, 'The whole app (every .wasm .js .css .html .bin in dist/ but the export module)', APP_BUDGET);
  reportSizes(files.exporter, 'The export module, loaded only when a user exports (XLSX, CSV)', 0);
  // BENCH_ONLY=sizes: the sizes alone, no browser.
  if (process.env.BENCH_ONLY === 'sizes') return;

  // BENCH_REF: the reference app's build (its dist/dsomm) to measure beside ours (routes mode).
  const refDir = process.env.BENCH_REF ? path.resolve(process.env.BENCH_REF) : null;
  if (refDir && !existsSync(path.join(refDir, 'index.html'))) throw new Error(`BENCH_REF: no index.html in ${refDir}`);
  const routesOnly = process.env.BENCH_ONLY === 'routes';
  // Routes mode serves both apps with one server of the same kind.
  const server = routesOnly ? await startStaticServer(DIST, false) : await startServer();
  const refServer = routesOnly && refDir ? await startStaticServer(refDir, true) : null;
  // BENCH_BEFORE: an earlier build of ours, measured in the same session (routes mode).
  const beforeDir = process.env.BENCH_BEFORE ? path.resolve(process.env.BENCH_BEFORE) : null;
  if (beforeDir && !existsSync(path.join(beforeDir, 'index.html'))) throw new Error(`BENCH_BEFORE: no index.html in ${beforeDir}`);
  const beforeServer = routesOnly && beforeDir ? await startStaticServer(beforeDir, false) : null;
  let browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: routesOnly ? [...LAUNCH_ARGS, LOCAL_ONLY] : LAUNCH_ARGS });
    console.log(`\nServing dist/ at ${server.url} (${routesOnly ? 'node static server' : 'python3 -m http.server'}), Chromium ${browser.version()}`);
    if (refServer) console.log(`Serving the reference app ${refDir} at ${refServer.url} (node static server, index.html for unknown paths)`);
    if (routesOnly) {
      await routes(browser, server.url, refServer?.url, beforeServer?.url);
      return;
    }

    // Warm-up load, not counted: starts the browser's processes, finds the activity uuids and
    // what the first screen requests.
    const first = await coldLoad(browser, server.url, 'load');
    const local = first.requested.filter((u) => u.startsWith(server.url)).map((u) => u.slice(server.url.length) || 'index.html');
    const sized = [...files.first, ...files.later];
    const unsized = local.filter((f) => !sized.includes(f.split(/[?#]/)[0]));
    if (unsized.length) console.log(`NOTE: the first screen also requested ${unsized.join(', ')} (not in the size table)`);
    const uuids = [...new Set(first.uuids)];
    if (uuids.length !== ACTS) throw new Error(`expected ${ACTS} distinct activity links, found ${uuids.length}`);
    if (process.env.BENCH_ONLY === 'imports') {
      await imports(browser, server.url, uuids);
      return;
    }
    if (process.env.BENCH_ONLY === 'custom') {
      await customModel(browser, server.url);
      return;
    }
    if (process.env.BENCH_ONLY === 'big') {
      const big = await bigAssessment(browser, server.url, uuids);
      if (big) await bigPages(browser, server.url, big, uuids);
      return;
    }
    const seed = await nativeSeed(browser, server.url, seedFor(uuids));
    const prefix = progressPrefix(seed, uuids);

    // Empty and seeded loads alternate, so a busy machine slows both alike.
    const plain = [];
    const seeded = [];
    for (let i = 0; i < RUNS; i++) {
      plain.push((await coldLoad(browser, server.url, 'load')).timing);
      seeded.push((await coldLoad(browser, server.url, 'seeded load', seed)).timing);
    }
    reportLoads('Load, empty storage (the 4 default teams)', plain);
    const br = await startBrotliServer();
    try {
      const compressed = [];
      for (let i = 0; i < RUNS; i++) compressed.push((await coldLoad(browser, br.url, 'brotli load')).timing);
      reportLoads('Load, empty storage, brotli-precompressed static server', compressed);
    } finally {
      br.stop();
    }
    reportLoads(`Load, ${TEAMS} teams x ${ACTS} activities stored`, seeded);

    await clicks(browser, server.url, seed, { prefix });
    await imports(browser, server.url, uuids);
    const big = await bigAssessment(browser, server.url, uuids);
    if (big) {
      const bigLoads = [];
      const small = [];
      for (let i = 0; i < RUNS; i++) {
        small.push((await coldLoad(browser, server.url, 'load')).timing);
        bigLoads.push((await coldLoad(browser, server.url, 'big load', big)).timing);
      }
      reportLoads('Load, empty storage (the 4 default teams), alternating with the next', small);
      reportLoads(`Load, ${BIG_TEAMS} teams x ${ACTS} activities stored`, bigLoads);
      const median = (runs) => stats(runs.map((r) => r.livePainted)).median;
      console.log(`live matrix painted: ${BIG_TEAMS} teams ${ms(median(bigLoads))} vs 4 teams ${ms(median(small))} ` +
        `(${(median(bigLoads) / median(small)).toFixed(2)}x)`);
      await clicks(browser, server.url, big, { teams: BIG_TEAMS, team: 'Team 1', prefix: progressPrefix(big, uuids) });
      await bigPages(browser, server.url, big, uuids);
    }
    await heatmap(browser, server.url, seed, HEAT_CELLS, prefix);
    if (readFileSync(path.join(DIST, 'index.html'), 'utf8').includes('#/mapping')) await mappings(browser, server.url, seed);
    else console.log('\n(No mappings page in this build.)');
  } finally {
    await browser?.close();
    server.stop();
    refServer?.stop();
    beforeServer?.stop();
    // Also on failure: a page error often explains it.
    console.log('\nBrowser console errors/warnings, failed requests:');
    if (!problems.size) console.log('  none');
    for (const [text, p] of problems) console.log(`  ${p.count}x [${[...p.phases].join(', ')}] ${text}`);
  }
}

main().catch((e) => {
  console.error(`\nbench failed: ${e.stack || e}`);
  process.exitCode = 1;
});
