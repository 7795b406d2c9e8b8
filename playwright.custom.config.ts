import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// The release build made with the custom activity files of tests/fixtures/custom-build
// (scripts/test: DSOMM_CUSTOM_DIR=tests/fixtures/custom-build trunk build --release --dist dist-custom).
const PORT = Number(process.env.E2E_PORT ?? 8124) + 1;
export default defineConfig({
  ...base,
  testDir: 'tests/e2e-custom',
  use: { ...base.use, baseURL: `http://127.0.0.1:${PORT}/` },
  webServer: {
    command: `python3 -m http.server --bind 127.0.0.1 --directory dist-custom ${PORT}`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    timeout: 20_000,
  },
});
