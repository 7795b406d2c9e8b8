import { chromium } from '@playwright/test';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-background-networking'] });
const url = process.argv[2];
for (let run = 0; run < 4; run++) {
  const ctx = await b.newContext({ viewport: { width: 1440, height: 1000 } });
  const p = await ctx.newPage();
  await b.startTracing(p, { path: `/tmp/trace${run}.json`, categories: ['devtools.timeline', 'v8', 'blink', 'blink.user_timing', 'loading'] });
  await p.goto(url);
  await p.waitForFunction(() => document.querySelectorAll('.matrix .act .status[data-state]').length === 194);
  await p.waitForTimeout(500);
  await b.stopTracing();
  await ctx.close();
}
await b.close();
