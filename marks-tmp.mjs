import { chromium } from '@playwright/test';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-background-networking'] });
const url = process.argv[2];
const rows = [];
for (let run = 0; run < 7; run++) {
  const ctx = await b.newContext({ viewport: { width: 1440, height: 1000 } });
  await ctx.addInitScript(() => { self.__lt = []; new PerformanceObserver((l) => { for (const e of l.getEntries()) self.__lt.push([Math.round(e.startTime), Math.round(e.duration)]); }).observe({ type: 'longtask', buffered: true }); });
  const p = await ctx.newPage();
  await p.goto(url);
  await p.waitForFunction(() => document.querySelectorAll('.matrix .act .status[data-state]').length === 194);
  await p.waitForTimeout(200);
  rows.push(await p.evaluate(() => {
    const m = (n) => Math.round(performance.getEntriesByName(n)[0]?.startTime ?? -1);
    const w = performance.getEntriesByType('resource').filter((r) => r.name.endsWith('.wasm')).map((r) => Math.round(r.responseEnd));
    const fp = Math.round(performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1);
    return { wasm: w[0], fcp: fp, start: m('dsomm:start'), loaded: m('dsomm:loaded'), bound: m('dsomm:bound'), controls: m('dsomm:controls'), replaced: m('dsomm:replaced'), built: m('dsomm:built'), mounted: m('dsomm:mounted'), lt: JSON.stringify(self.__lt) };
  }));
  await ctx.close();
}
console.log(rows.map((r) => JSON.stringify(r)).join('\n'));
await b.close();
