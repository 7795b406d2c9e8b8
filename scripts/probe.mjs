import { chromium } from '@playwright/test';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const median = (a) => { a = [...a].sort((x, y) => x - y); return a[a.length >> 1]; };
for (const hash of ['#/', '#/nowhere', '#/', '#/nowhere']) {
  const r = [];
  for (let i = 0; i < 7; i++) {
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await ctx.newPage();
    await page.goto('http://127.0.0.1:8123/' + hash);
    await page.waitForFunction(() => performance.getEntriesByName('dsomm:mounted').length);
    r.push(await page.evaluate(() => ['dsomm:start', 'dsomm:loaded', 'dsomm:mounted'].map((n) => performance.getEntriesByName(n)[0].startTime)));
    await ctx.close();
  }
  console.log(hash.padEnd(10), 'start->loaded', median(r.map((x) => x[1] - x[0])).toFixed(1), 'loaded->mounted', median(r.map((x) => x[2] - x[1])).toFixed(1));
}
await browser.close();
