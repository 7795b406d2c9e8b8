import { chromium } from '@playwright/test';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
for (const scheme of ['light', 'dark']) {
  let page = await browser.newPage({ viewport: { width: 1280, height: 700 }, colorScheme: scheme });
  await page.route(/dsomm-pages/, (r) => r.abort());
  await page.goto('http://127.0.0.1:8123/#/data');
  await page.waitForTimeout(1200);
  await page.screenshot({ path: `/tmp/failed-${scheme}.png` });
  console.log(scheme, 'focused:', await page.evaluate(() => document.activeElement.outerHTML.slice(0, 80)));
  await page.close();
  page = await browser.newPage({ viewport: { width: 1280, height: 500 }, colorScheme: scheme });
  await page.route(/\/dsomm-[0-9a-f]+\.js/, (r) => r.fulfill({ status: 404, body: 'x' }));
  await page.goto('http://127.0.0.1:8123/#/teams');
  await page.waitForTimeout(800);
  await page.screenshot({ path: `/tmp/boot-${scheme}.png` });
  await page.close();
}
await browser.close();
