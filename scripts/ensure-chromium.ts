import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chromium } from '@playwright/test'

// Before the e2e tests: a Chromium to drive. Debian's package where it can be installed (Playwright's
// own browser download cannot reach its servers from every network), else Playwright's browser if a
// developer has one, else a clear instruction.

const systemChromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

function playwrightChromium(): string | null {
  try {
    const path = chromium.executablePath()
    return existsSync(path) ? path : null
  } catch {
    return null
  }
}

function canInstallWithApt(): boolean {
  return process.platform === 'linux' && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')
}

if (!existsSync(systemChromium) && playwrightChromium() === null) {
  if (!canInstallWithApt()) {
    process.stderr.write(
      `No Chromium for the end-to-end tests: install one (Debian/Ubuntu: apt-get install chromium), ` +
        `or set CHROMIUM_PATH to a Chromium or Chrome executable.\n`,
    )
    process.exit(1)
  }
  process.stderr.write('Installing Debian chromium for the end-to-end tests (once)...\n')
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', 'chromium'],
  ]) {
    const run = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'] })
    if (run.status !== 0) {
      process.stderr.write(
        `apt-get ${args.join(' ')} failed; install chromium by hand and re-run.\n`,
      )
      process.exit(1)
    }
  }
}
