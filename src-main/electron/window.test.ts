import { beforeEach, describe, expect, it, vi } from 'vitest'

// The Electron binary cannot run here, so the shell is tested against a fake `electron` module
// that records what the shell asked of it.

type Listener = (...args: unknown[]) => void

const fake = vi.hoisted(() => {
  class FakeWebContents {
    listeners = new Map<string, Listener>()
    windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null
    on(event: string, listener: Listener) {
      this.listeners.set(event, listener)
      return this
    }
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
      this.windowOpenHandler = handler
    }
  }
  class FakeBrowserWindow {
    static created: FakeBrowserWindow[] = []
    loaded: string | null = null
    constructor(readonly options: { webPreferences: Record<string, unknown> }) {
      FakeBrowserWindow.created.push(this)
    }
    once() {
      return this
    }
    loadFile(path: string) {
      this.loaded = path
      return Promise.resolve()
    }
  }
  return { FakeWebContents, FakeBrowserWindow, openExternal: vi.fn(() => Promise.resolve()) }
})

vi.mock('electron', () => ({
  BrowserWindow: fake.FakeBrowserWindow,
  shell: { openExternal: fake.openExternal },
}))

const { createMainWindow, hardenWebContents, restrictPermissions } = await import('./window')

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
    fake.openExternal.mockClear()
  })

  it('opens with context isolation, the sandbox and no Node integration', () => {
    createMainWindow()
    const window = fake.FakeBrowserWindow.created.at(-1)
    expect(window?.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
    })
    expect(window?.loaded).toMatch(/renderer[/\\]index\.html$/)
  })

  it('refuses every navigation, redirect and webview', () => {
    const contents = new fake.FakeWebContents()
    hardenWebContents(contents as never)
    for (const event of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const attempt = preventable()
      contents.listeners.get(event)?.(attempt, 'https://example.com')
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
    expect(fake.openExternal).toHaveBeenCalledTimes(1)
    expect(fake.openExternal).toHaveBeenCalledWith('https://docs.example.com/help')
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
