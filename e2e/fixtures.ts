import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { test as base, expect, type Page } from '@playwright/test'
import { AppService, RunOnlyVault } from '../src-main/core/service'
import {
  startBrowserModeServer,
  type BrowserModeServer,
} from '../src-main/server/browser-mode-server'
import { mountSmallDisk, type SmallDisk } from '../src-main/core/store/testing/small-disk'
import {
  startSimulator,
  type Simulator,
  type SimulatorOptions,
} from '../src-main/simulator/simulator'

/** Screenshots the tests save of each view, for people to look at (not compared). */
export const screenshotDir = resolve(import.meta.dirname, 'screenshots')

/** The app as a user starts it in browser mode: the core, its server, and its demo platform. */
export interface Harness {
  server: BrowserModeServer
  service: AppService
  dataDir: string
  /** With the `smallDisk` option: the small file system the data folder is on. */
  disk(): SmallDisk
  /** The simulator the demo workspace runs on, once the demo started. */
  demo(): Simulator
  /** Another platform, e.g. to connect to as a "real" workspace. */
  platform(options?: SimulatorOptions): Promise<Simulator>
}

interface Options {
  /** What the app starts on: onboarding, or the demo workspace already explored. */
  setup: 'none' | 'demo'
  /** The demo platform's settings: fast by default, so calls come and go within seconds. */
  demoOptions: SimulatorOptions
  /** Keep the data folder on a small file system that the test can fill (needs root). */
  smallDisk: boolean
}

interface Fixtures {
  harness: Harness
  /** The app, opened through its launch URL; fails the test on any page error or CSP report. */
  app: Page
}

export const test = base.extend<Fixtures & Options>({
  setup: ['demo', { option: true }],
  demoOptions: [{ speed: 20, callsPerMinute: 8 }, { option: true }],
  smallDisk: [false, { option: true }],
  harness: async ({ setup, demoOptions, smallDisk }, use, testInfo) => {
    const disk = smallDisk ? mountSmallDisk(64) : null
    if (disk !== null && 'skip' in disk) testInfo.skip(true, disk.skip)
    const mounted = disk !== null && !('skip' in disk) ? disk : null
    const dataDir = mounted?.dir ?? mkdtempSync(join(tmpdir(), 'co-e2e-'))
    const simulators: Simulator[] = []
    let demo: Simulator | null = null
    const service = await AppService.create({
      dataDir,
      // Browser mode's vault, with the database key a user would export in their shell.
      vault: new RunOnlyVault({ CALL_OBSERVER_DB_KEY: 'e2e database passphrase' }),
      transport: 'browser',
      demoPlatform: async () => {
        demo = await startSimulator(demoOptions)
        const started = demo
        return { ...pick(started), close: () => started.close() }
      },
    })
    const server = await startBrowserModeServer({
      rendererDir: resolve(import.meta.dirname, '..', 'out', 'renderer'),
      api: { handlers: service.handlers, subscribe: (listener) => service.subscribe(listener) },
    })
    if (setup === 'demo') await service.handlers['demo.start'](undefined)
    await use({
      server,
      service,
      dataDir,
      disk: () => {
        if (!mounted) throw new Error('this test did not ask for a small disk')
        return mounted
      },
      demo: () => {
        if (!demo) throw new Error('the demo has not started')
        return demo
      },
      platform: async (options = {}) => {
        const simulator = await startSimulator(options)
        simulators.push(simulator)
        return simulator
      },
    })
    await server.close()
    await service.close()
    for (const simulator of simulators) await simulator.close()
    if (mounted) mounted.unmount()
    else rmSync(dataDir, { recursive: true, force: true })
  },
  app: async ({ page, harness }, use) => {
    const problems: string[] = []
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`)
    })
    await page.goto(harness.server.launchUrl)
    await expect(page.locator('body[data-app-state="ready"]')).toBeAttached()
    await use(page)
    // A CSP violation or an uncaught error is a bug even when the screen looks right.
    expect(problems).toEqual([])
  },
})

function pick(simulator: Simulator) {
  return {
    baseUrl: simulator.baseUrl,
    workspaceId: simulator.workspaceId,
    apiKey: simulator.apiKey,
  }
}

export { expect }
