import { defineConfig } from '@playwright/test';

// End-to-end tests against the release build in dist/, served by a plain static server
// (no rewrite rules), in Debian's Chromium.
// E2E_PORT: another port, so that two checkouts can run their flows at once.
const PORT = Number(process.env.E2E_PORT ?? 8124);
export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 30_000,
  retries: 0,
  workers: 2,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--disable-dev-shm-usage',
      ],
    },
  },
  webServer: {
    command: `python3 -m http.server --bind 127.0.0.1 --directory dist ${PORT}`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    timeout: 20_000,
  },
});
