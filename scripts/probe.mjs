import { chromium } from '@playwright/test';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const median = (a) => { a = [...a].sort((x, y) => x - y); return a[a.length >> 1]; };
for (const hash of ['#/', '#/']) {
  const r = [];
  for (let i = 0; i < 7; i++) {
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await ctx.newPage();
    await page.goto('http://127.0.0.1:8123/' + hash);
    await page.waitForFunction(() => performance.getEntriesByName('dsomm:mounted').length);
    r.push(await page.evaluate(() => ['dsomm:start', 'dsomm:loaded', 'dsomm:mounted', 't:bind', 't:adopted', 't:acts', 't:filters', 't:counts', 't:end', 't:items', 't:parsed'].map((n) => performance.getEntriesByName(n)[0].startTime)));
    await ctx.close();
  }
  console.log('items', median(r.map((x) => x[9] - x[3])).toFixed(1), 'parse', median(r.map((x) => x[10] - x[9])).toFixed(1), 'place', median(r.map((x) => x[4] - x[10])).toFixed(1), 'bind-from-loaded', median(r.map((x) => x[3] - x[1])).toFixed(1), 'adopt', median(r.map((x) => x[4] - x[3])).toFixed(1), 'acts', median(r.map((x) => x[5] - x[4])).toFixed(1), 'filters', median(r.map((x) => x[6] - x[5])).toFixed(1), 'counts', median(r.map((x) => x[7] - x[6])).toFixed(1), 'listen', median(r.map((x) => x[8] - x[7])).toFixed(1), 'end->mounted', median(r.map((x) => x[2] - x[8])).toFixed(1));
  console.log(hash.padEnd(10), 'start', median(r.map((x) => x[0])).toFixed(1), 'start->loaded', median(r.map((x) => x[1] - x[0])).toFixed(1), 'loaded->mounted', median(r.map((x) => x[2] - x[1])).toFixed(1));
}
await browser.close();
