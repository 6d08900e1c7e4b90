import { resolve } from 'node:path'
import { _electron as electron, expect, test } from '@playwright/test'
import { findElectronBinary } from '../../scripts/electron-binary'

// Runs the real Electron app where its binary is installed; Electron's binary comes from outside
// the npm registry, so on machines without it this project skips and browser mode covers the UI.
const executable = findElectronBinary()

const SKIP_REASON = 'Electron binary not installed here; browser-mode e2e covers the UI'

test.skip(executable === null, SKIP_REASON)

test('the Electron app opens its secure window on Live', async () => {
  const app = await electron.launch({
    executablePath: executable ?? undefined,
    args: [resolve(import.meta.dirname, '..', '..')],
  })
  const window = await app.firstWindow()
  await expect(window.getByRole('heading', { level: 1 })).toHaveText('Live')
  const nodeInRenderer = await window.evaluate(
    () => typeof (globalThis as { require?: unknown }).require,
  )
  expect(nodeInRenderer).toBe('undefined')
  await app.close()
})
