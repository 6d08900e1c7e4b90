import { existsSync } from 'node:fs'
import { defineConfig } from '@playwright/test'

// The system Chromium where there is one (Debian's package here and in CI: Playwright's own
// browser download cannot run on this network); elsewhere, Playwright's browser.
const systemChromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  forbidOnly: true,
  workers: 2,
  reporter: [['list'], ['./e2e/reporters/skip-reasons.ts']],
  use: { trace: 'retain-on-failure' },
  projects: [
    {
      name: 'browser',
      testIgnore: /electron[/\\]/,
      use: {
        browserName: 'chromium',
        viewport: { width: 1280, height: 800 },
        launchOptions: {
          executablePath: existsSync(systemChromium) ? systemChromium : undefined,
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--no-first-run',
          ],
        },
      },
    },
    { name: 'electron', testMatch: /electron[/\\].*\.spec\.ts/ },
  ],
})
