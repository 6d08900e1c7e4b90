import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test'
import { methodNames } from '../../src-main/api/channels'
import { findElectronBinary } from '../../scripts/electron-binary'

// Runs the real Electron app where its binary is installed; Electron's binary comes from outside
// the npm registry, so on machines without it this project skips and browser mode covers the UI.
const executable = findElectronBinary()

const SKIP_REASON = 'Electron binary not installed here; browser-mode e2e covers the UI'

test.skip(executable === null, SKIP_REASON)

let userData: string
let app: ElectronApplication

test.beforeEach(async () => {
  // A fresh profile per test: its own keychain file and database, nothing shared.
  userData = mkdtempSync(join(tmpdir(), 'call-observer-electron-'))
  app = await electron.launch({
    executablePath: executable ?? undefined,
    args: [resolve(import.meta.dirname, '..', '..'), `--user-data-dir=${userData}`],
  })
})

test.afterEach(async () => {
  await app.close()
  rmSync(userData, { recursive: true, force: true })
})

test('the Electron app opens its secure window on Live', async () => {
  const window = await app.firstWindow()
  await expect(window.getByRole('heading', { level: 1 })).toHaveText('Live')
  const nodeInRenderer = await window.evaluate(
    () => typeof (globalThis as { require?: unknown }).require,
  )
  expect(nodeInRenderer).toBe('undefined')
})

test('the preload exposes the API as window.callObserver, and nothing else', async () => {
  const window = await app.firstWindow()
  const exposed = await window.evaluate(() => {
    const bridge = (globalThis as { callObserver?: Record<string, unknown> }).callObserver ?? {}
    return Object.keys(bridge)
      .filter((key) => typeof bridge[key] === 'function')
      .sort()
  })
  expect(exposed).toEqual([...methodNames, 'subscribe'].sort())
  const ipcInRenderer = await window.evaluate(
    () => typeof (globalThis as { ipcRenderer?: unknown }).ipcRenderer,
  )
  expect(ipcInRenderer).toBe('undefined')
})

test('app.getState answers with an envelope over IPC', async () => {
  const window = await app.firstWindow()
  const answer = await window.evaluate(async () => {
    const bridge = (globalThis as { callObserver?: { 'app.getState'(input: undefined): unknown } })
      .callObserver
    return bridge ? await bridge['app.getState'](undefined) : null
  })
  expect(answer).toMatchObject({ ok: true, value: { transport: 'electron' } })
})
