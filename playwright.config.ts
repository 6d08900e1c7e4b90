import { existsSync } from 'node:fs'
import { defineConfig } from '@playwright/test'

// The system Chromium where there is one (Debian's package here and in CI: Playwright's own
// browser download cannot run on this network); elsewhere, Playwright's browser.
const systemChromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  forbidOnly: true,
  // The live tests wait for the simulated workspace to do things (a call to end, an escalation):
  // each wait is bounded by its own expect timeout, and a test may hold two or three of them on a
  // loaded 2-core machine.
  timeout: 90_000,
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
