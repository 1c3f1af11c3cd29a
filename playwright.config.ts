import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests in Debian's Chromium (driven by playwright-core) against the portal that
 * scripts/test.sh starts with the demo platform. `PLAYWRIGHT_URL` points at the frontend.
 */
export default defineConfig({
  testDir: 'packages/app/e2e-tests',
  // Generous: on a loaded 2-core machine the first pages of a fresh portal take minutes.
  timeout: 240_000,
  expect: { timeout: 60_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'e2e-test-report' }],
  ],
  use: {
    baseURL: process.env.PLAYWRIGHT_URL ?? 'http://localhost:3000',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  outputDir: 'test-artifacts/e2e-results',
});
