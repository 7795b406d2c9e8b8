import { test, expect } from '@playwright/test';
import { App } from './app';

// The page's Content-Security-Policy (src/domain/views/csp.rs): every other spec fails on any
// violation (fixtures.ts); this one shows the policy is there and does refuse.
test('the CSP is strict and refuses inline scripts and inline styles', async ({ page }) => {
  const app = new App(page);
  await app.openMatrix();
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(policy).toContain("default-src 'self'");
  expect(policy).toMatch(/script-src 'self' 'wasm-unsafe-eval'( 'sha256-[A-Za-z0-9+/]+=*')+;/);
  for (const d of ["object-src 'none'", "base-uri 'none'", "form-action 'none'", "style-src 'self'"]) {
    expect(policy).toContain(d);
  }
  expect(policy).not.toContain('unsafe-inline');
  expect(policy).not.toContain("'unsafe-eval'");

  const refused = await page.evaluate(async () => {
    const seen: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) => seen.push(e.effectiveDirective));
    const w = window as unknown as { injected?: boolean };
    const s = document.createElement('script');
    s.textContent = 'window.injected = true';
    document.body.appendChild(s);
    const div = document.createElement('div');
    div.setAttribute('style', 'color: red');
    document.body.appendChild(div);
    await new Promise((r) => setTimeout(r, 100));
    return { injected: !!w.injected, color: getComputedStyle(div).color, seen };
  });
  expect(refused.injected).toBe(false);
  expect(refused.color).not.toBe('rgb(255, 0, 0)');
  expect(refused.seen).toEqual(expect.arrayContaining(['script-src-elem', 'style-src-attr']));
});
