import { defineConfig } from '@playwright/test';
import { chromiumLaunch, firefoxLaunch } from './browsers.js';

// One live server per worker (support/server.ts), each started the way `make run` starts it: two workers by default
// (E2E_WORKERS), so Chromium's and Firefox's journeys run side by side, each on its own data.
// No retries: a flaky journey must show, not pass on its second try.
export default defineConfig({
  testDir: './tests',
  globalSetup: './support/server.ts',
  fullyParallel: false,
  workers: Number(process.env.E2E_WORKERS ?? (process.env.E2E_BASE_URL ? 1 : 2)), // a live server each (support/server.ts)
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: 'list',
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
  },
  projects: [
    { name: 'chromium', use: { browserName: 'chromium', launchOptions: chromiumLaunch } },
    // The screen walks (axe, 390 px) run once, in Chromium: the journeys cover Firefox, and CI's budget is tight.
    {
      name: 'firefox',
      testIgnore: /screens\.spec\.ts/,
      use: { browserName: 'firefox', channel: 'moz-firefox', launchOptions: firefoxLaunch },
    },
    // `make screenshots`: the screens walk again, writing docs/console/*.png (not part of `make e2e`)
    {
      name: 'screenshots',
      testMatch: /screens\.spec\.ts/,
      use: { browserName: 'chromium', launchOptions: chromiumLaunch },
    },
  ],
});
