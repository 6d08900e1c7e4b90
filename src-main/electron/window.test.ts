import { basename, dirname } from 'node:path'
import { beforeEach, describe, expect, it, vi } from 'vitest'

// The Electron binary cannot run here, so the shell is tested against a fake `electron` module
// that records what the shell asked of it.

vi.mock('electron', () => import('./fake-electron'))

const fake = await import('./fake-electron')
const { createMainWindow, hardenWebContents, restrictPermissions, showMainWindow } =
  await import('./window')
const { rendererLocation, rendererEntry } = await import('./renderer-location')

const fileLocation = rendererLocation({ devServerUrl: undefined, packaged: true })

type FakeWindow = InstanceType<typeof fake.FakeBrowserWindow>

/** The fake window behind what `createMainWindow` returned. */
function open(...args: Parameters<typeof createMainWindow>): FakeWindow {
  return createMainWindow(...args) as unknown as FakeWindow
}

function preventable() {
  return {
    prevented: false,
    preventDefault() {
      this.prevented = true
    },
  }
}

describe('the Electron window', () => {
  beforeEach(() => {
    fake.shell.openExternal.mockClear()
  })

  it('opens with context isolation, the sandbox and no Node integration', () => {
    const window = open(fileLocation, { packaged: true })
    expect(window).toBe(fake.FakeBrowserWindow.all.at(-1))
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
    })
    expect(window.loaded?.file).toMatch(/renderer[/\\]index\.html$/)
  })

  it('loads the sandboxed CommonJS preload built beside the renderer', () => {
    const window = open(fileLocation, { packaged: false })
    const preload = window.options.webPreferences.preload
    expect(typeof preload).toBe('string')
    expect(basename(String(preload))).toBe('preload.cjs')
    expect(basename(dirname(String(preload)))).toBe('preload')
    expect(dirname(dirname(String(preload)))).toBe(dirname(dirname(rendererEntry)))
    // Developer tools exist in development only.
    expect(window.options.webPreferences.devTools).toBe(true)
  })

  it('loads the dev server only in an unpackaged app', () => {
    const dev = rendererLocation({ devServerUrl: 'http://localhost:5173', packaged: false })
    expect(open(dev, { packaged: false }).loaded).toEqual({
      url: 'http://localhost:5173',
    })
    const packaged = rendererLocation({ devServerUrl: 'http://evil.example', packaged: true })
    expect(open(packaged, { packaged: true }).loaded?.file).toBe(rendererEntry)
  })

  it('brings the existing window forward instead of opening another', () => {
    fake.FakeBrowserWindow.all = []
    const window = open(fileLocation, { packaged: true })
    window.minimized = true
    showMainWindow(fileLocation, { packaged: true })
    expect(fake.FakeBrowserWindow.all).toHaveLength(1)
    expect(window.minimized).toBe(false)
    expect(window.focused).toBe(1)
    window.destroyed = true
    showMainWindow(fileLocation, { packaged: true })
    expect(fake.FakeBrowserWindow.getAllWindows()).toHaveLength(1)
  })

  it('refuses every navigation, redirect and webview', () => {
    const contents = new fake.FakeWebContents()
    hardenWebContents(contents as never)
    for (const event of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const attempt = preventable()
      contents.emit(event, attempt, 'https://example.com')
      expect(attempt.prevented, event).toBe(true)
    }
  })

  it('denies new windows, sending only https links to the user’s browser', () => {
    const contents = new fake.FakeWebContents()
    hardenWebContents(contents as never)
    for (const url of [
      'https://docs.example.com/help',
      'http://example.com',
      'file:///etc/passwd',
      'javascript:alert(1)',
    ]) {
      expect(contents.windowOpenHandler?.({ url })).toEqual({ action: 'deny' })
    }
    expect(fake.shell.openExternal).toHaveBeenCalledTimes(1)
    expect(fake.shell.openExternal).toHaveBeenCalledWith('https://docs.example.com/help')
  })

  it('grants notifications and nothing else', () => {
    const handlers: {
      request?: (
        contents: unknown,
        permission: string,
        callback: (granted: boolean) => void,
      ) => void
      check?: (contents: unknown, permission: string) => boolean
    } = {}
    restrictPermissions({
      setPermissionRequestHandler: (handler: typeof handlers.request) => {
        handlers.request = handler
      },
      setPermissionCheckHandler: (handler: typeof handlers.check) => {
        handlers.check = handler
      },
    } as never)
    const granted = (permission: string) => {
      let answer: boolean | null = null
      handlers.request?.(null, permission, (value) => {
        answer = value
      })
      return answer
    }
    expect(granted('notifications')).toBe(true)
    expect(granted('media')).toBe(false)
    expect(granted('geolocation')).toBe(false)
    expect(handlers.check?.(null, 'notifications')).toBe(true)
    expect(handlers.check?.(null, 'clipboard-read')).toBe(false)
  })
})
