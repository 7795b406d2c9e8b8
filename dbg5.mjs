import { chromium } from '@playwright/test';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 390, height: 800 } });
await page.goto('http://127.0.0.1:8301/#/');
await page.waitForSelector('#preview', { state: 'detached' });
await page.waitForTimeout(1500);
console.log(await page.evaluate(() => {
  const w = document.documentElement.clientWidth;
  const out = [document.documentElement.scrollWidth];
  for (const e of document.querySelectorAll('body *')) { const r = e.getBoundingClientRect(); if (r.right > w + 1 && getComputedStyle(e).position !== 'fixed') { out.push(e.tagName + '.' + e.className + ' ' + Math.round(r.right)); if (out.length > 8) break; } }
  return out;
}));
await browser.close();
