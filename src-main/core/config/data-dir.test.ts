import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { defaultDataDir, ensurePrivateFolder } from './data-dir'
import { SettingsFile } from './settings'

describe('default data folder', () => {
  it('follows each platform’s convention, as Electron’s userData does', () => {
    expect(defaultDataDir('linux', {}, '/home/ana')).toBe('/home/ana/.config/Call Observer')
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/cfg' }, '/home/ana')).toBe(
      '/cfg/Call Observer',
    )
    expect(defaultDataDir('darwin', {}, '/Users/ana')).toBe(
      '/Users/ana/Library/Application Support/Call Observer',
    )
    expect(
      defaultDataDir('win32', { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, 'C:\\Users\\ana'),
    ).toContain('Call Observer')
  })
})

describe('folders for PHI', () => {
  const modeOf = (path: string) => statSync(path).mode & 0o777

  function withPermissiveUmask(test: (root: string) => void): void {
    const root = mkdtempSync(join(tmpdir(), 'co-data-dir-'))
    const umask = process.umask(0o022)
    try {
      test(root)
    } finally {
      process.umask(umask)
      rmSync(root, { recursive: true, force: true })
    }
  }

  it('creates the folder and any missing parents 0700, whatever the umask', () => {
    withPermissiveUmask((root) => {
      const dir = join(root, 'a', 'b', 'Call Observer')
      ensurePrivateFolder(dir)
      expect(modeOf(join(root, 'a'))).toBe(0o700)
      expect(modeOf(join(root, 'a', 'b'))).toBe(0o700)
      expect(modeOf(dir)).toBe(0o700)
      expect(modeOf(root)).toBe(0o700) // mkdtemp's own, untouched
    })
  })

  it('leaves a folder that already exists as its owner made it', () => {
    withPermissiveUmask((root) => {
      const dir = join(root, 'shared')
      mkdirSync(dir, { mode: 0o755 })
      ensurePrivateFolder(dir)
      expect(modeOf(dir)).toBe(0o755)
    })
  })

  it('is how the settings file creates the data folder', () => {
    withPermissiveUmask((root) => {
      const dir = join(root, 'Call Observer')
      new SettingsFile(dir).write({ setup: 'demo', workspace: null })
      expect(modeOf(dir)).toBe(0o700)
      expect(modeOf(join(dir, 'settings.json'))).toBe(0o600)
    })
  })
})
