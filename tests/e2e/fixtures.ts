import { test as base, expect } from '@playwright/test';

// Every flow runs under the page's Content-Security-Policy and fails if anything in any of
// its pages is refused by it (a `securitypolicyviolation` event: an inline script or style,
// eval, a resource from elsewhere).
export const test = base.extend<{ cspGuard: void }>({
  cspGuard: [
    async ({ context }, use) => {
      const violations: string[] = [];
      await context.exposeBinding('__dsommCspViolation', ({ page }, text: string) => {
        violations.push(`${page.url()}: ${text}`);
      });
      await context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => {
          const report = (window as unknown as { __dsommCspViolation: (t: string) => void }).__dsommCspViolation;
          report(`${e.effectiveDirective} refused ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber}) ${e.sample}`);
        });
      });
      await use();
      expect(violations, 'Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
