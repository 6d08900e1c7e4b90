import { describe, expect, it } from 'vitest'
import { defaultDataDir } from './data-dir'

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
