import { defineConfig } from '@playwright/test';

const isCI = process.env.CI !== undefined && process.env.CI !== '';
// E2E_PORT lets two runs (e.g. a CI check beside a working tree) share a machine.
const port = Number(process.env.E2E_PORT ?? 4173);

/**
 * End-to-end tests of the renderer in the browser build: `npm run test:e2e`
 * builds dist-renderer first, then this serves it with `vite preview`.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '*.spec.ts',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: 'list',
  timeout: 120_000,
  expect: { timeout: 20_000 },
  forbidOnly: isCI,
  webServer: {
    command: `npx vite preview --config vite.config.ts --port ${port} --strictPort`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: !isCI,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    browserName: 'chromium',
    acceptDownloads: true,
    viewport: { width: 1440, height: 900 },
    actionTimeout: 20_000,
    navigationTimeout: 30_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
