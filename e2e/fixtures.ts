import { resolve } from 'node:path'
import { test as base, expect, type Page } from '@playwright/test'
import {
  startBrowserModeServer,
  type BrowserModeServer,
} from '../src-main/server/browser-mode-server'

/** Screenshots the tests save of each view, for people to look at (not compared). */
export const screenshotDir = resolve(import.meta.dirname, 'screenshots')

interface Fixtures {
  /** The app in browser mode, opened through its launch URL; fails the test on any page error. */
  app: Page
}

interface WorkerFixtures {
  server: BrowserModeServer
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  server: [
    async ({}, use) => {
      const server = await startBrowserModeServer({
        rendererDir: resolve(import.meta.dirname, '..', 'out', 'renderer'),
      })
      await use(server)
      await server.close()
    },
    { scope: 'worker' },
  ],
  app: async ({ page, server }, use) => {
    const problems: string[] = []
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`)
    })
    await page.goto(server.launchUrl)
    await expect(page.locator('body[data-app-state="ready"]')).toBeAttached()
    await use(page)
    // A CSP violation or an uncaught error is a bug even when the screen looks right.
    expect(problems).toEqual([])
  },
})

export { expect }
