import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { AppServiceOptions } from '../core/service/app-service'

vi.mock('electron', () => import('./fake-electron'))

const service = vi.hoisted(() => ({
  handlers: {},
  listeners: new Set<unknown>(),
  subscribe(listener: unknown) {
    service.listeners.add(listener)
    return () => service.listeners.delete(listener)
  },
  close: vi.fn(() => Promise.resolve()),
}))
const create = vi.hoisted(() => vi.fn((_options: unknown) => Promise.resolve(service)))
vi.mock('../core/service/app-service', () => ({ AppService: { create } }))

const fake = await import('./fake-electron')
const { startShell } = await import('./start-shell')
const { rendererLocation } = await import('./renderer-location')
const { ipcChannels } = await import('../api/channels')

const location = rendererLocation({ devServerUrl: undefined, packaged: true })
let dir: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'start-shell-'))
  fake.app.userData = dir
  fake.FakeBrowserWindow.all = []
  fake.ipcMain.handlers.clear()
  service.listeners.clear()
  create.mockClear()
})

afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('starting the shell', () => {
  it('starts the service over the keychain, binds IPC, then opens the window', async () => {
    const shell = await startShell({ location, log: () => undefined })
    const options = create.mock.calls[0]?.[0] as AppServiceOptions
    expect(options).toMatchObject({ dataDir: dir, transport: 'electron' })
    expect(options.vault.protection).toBe('os-keychain')
    expect(fake.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalled()
    expect(fake.ipcMain.handlers.has(ipcChannels.invoke)).toBe(true)
    // IPC and notifications listen to the service.
    expect(service.listeners.size).toBe(2)
    expect(fake.Menu.current).not.toBeNull()
    expect(fake.FakeBrowserWindow.all).toHaveLength(1)

    await shell.close()
    expect(service.close).toHaveBeenCalledTimes(1)
    expect(fake.ipcMain.handlers.has(ipcChannels.invoke)).toBe(false)
    expect(service.listeners.size).toBe(0)
  })

  it('opens no window when the service cannot start', async () => {
    create.mockRejectedValueOnce(new Error('The database is damaged.'))
    await expect(startShell({ location, log: () => undefined })).rejects.toThrow('damaged')
    expect(fake.FakeBrowserWindow.all).toHaveLength(0)
    expect(fake.ipcMain.handlers.has(ipcChannels.invoke)).toBe(false)
  })
})
