import { defineConfig } from '@playwright/test';

// The server under test is started by scripts/test.sh (real binary, fresh SQLite, built
// portal) and passed in as BASE_URL. The browser is Debian's Chromium: never downloaded.
export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  workers: 1,
  reporter: [['list'], ['json', { outputFile: '../artifacts/e2e-results.json' }]],
  outputDir: '../artifacts/e2e-output',
  use: {
    baseURL: process.env.BASE_URL,
    viewport: { width: 375, height: 812 },
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
             '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
});
