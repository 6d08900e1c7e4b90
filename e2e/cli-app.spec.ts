import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { expect, test } from '@playwright/test'

// `call-observer app` as a script drives it: one line on stdout, the launch URL, then a browser.

test('call-observer app prints one launch URL that opens the app, and stops on SIGTERM', async ({
  page,
}) => {
  const bin = resolve(import.meta.dirname, '..', 'bin', 'call-observer.js')
  const dataDir = mkdtempSync(join(tmpdir(), 'co-cli-app-'))
  const args = ['app', '--demo', '--no-open', '--port', '0', '--data-dir', dataDir]
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  const exit = once(child, 'exit')
  const [url] = (await once(createInterface({ input: child.stdout }), 'line')) as [string]
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{43}$/)
  await page.goto(url)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Live')
  await expect(page.getByTestId('connection-badge')).toHaveAttribute('data-state', 'connected')
  child.kill('SIGTERM')
  const [code] = (await exit) as [number | null]
  expect(code).toBe(0)
  rmSync(dataDir, { recursive: true, force: true })
})
