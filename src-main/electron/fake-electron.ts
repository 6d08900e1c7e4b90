import { vi } from 'vitest'

// A fake `electron` module for the shell's tests: the binary cannot run here (and importing the
// real package from Node would try to download it). Each test file mocks 'electron' with this
// module, then drives the fakes and reads what the shell asked of them.

type Listener = (...args: unknown[]) => void

class Emitter {
  readonly listeners = new Map<string, Listener[]>()
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener])
    return this
  }
  once(event: string, listener: Listener): this {
    return this.on(event, listener)
  }
  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) listener(...args)
  }
}

let nextId = 1

export class FakeWebFrame {
  readonly processId: number
  readonly frameToken = `frame-${nextId++}`
  constructor(
    public url: string,
    readonly parent: FakeWebFrame | null = null,
    processId?: number,
  ) {
    this.processId = processId ?? parent?.processId ?? nextId++
  }
}

export class FakeWebContents extends Emitter {
  readonly id = nextId++
  readonly mainFrame: FakeWebFrame
  destroyed = false
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null
  readonly send = vi.fn<(channel: string, ...args: unknown[]) => void>()
  constructor(url = '') {
    super()
    this.mainFrame = new FakeWebFrame(url)
  }
  getURL(): string {
    return this.mainFrame.url
  }
  isDestroyed(): boolean {
    return this.destroyed
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler
  }
}

export class FakeBrowserWindow extends Emitter {
  static all: FakeBrowserWindow[] = []
  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.all.filter((window) => !window.destroyed)
  }
  readonly webContents = new FakeWebContents()
  destroyed = false
  loaded: { file?: string; url?: string } | null = null
  minimized = false
  focused = 0
  constructor(readonly options: { webPreferences: Record<string, unknown> }) {
    super()
    FakeBrowserWindow.all.push(this)
  }
  isDestroyed(): boolean {
    return this.destroyed
  }
  loadFile(path: string): Promise<void> {
    this.loaded = { file: path }
    return Promise.resolve()
  }
  loadURL(url: string): Promise<void> {
    this.loaded = { url }
    return Promise.resolve()
  }
  isMinimized(): boolean {
    return this.minimized
  }
  restore(): void {
    this.minimized = false
  }
  show(): void {
    // Shown windows are what the tests look at through `focused`.
  }
  focus(): void {
    this.focused += 1
  }
}

type Handler = (event: unknown, ...args: unknown[]) => unknown

export const ipcMain = {
  handlers: new Map<string, Handler>(),
  handle(channel: string, handler: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`a handler for ${channel} already exists`)
    this.handlers.set(channel, handler)
  },
  removeHandler(channel: string): void {
    this.handlers.delete(channel)
  },
}

/** A reversible stand-in for the OS keychain: the ciphertext never contains the value. */
export const safeStorage = {
  available: true,
  backend: 'gnome_libsecret' as string,
  /** Changing it makes earlier ciphertexts undecryptable, as a reset keychain does. */
  key: 7,
  isEncryptionAvailable(): boolean {
    return this.available
  },
  getSelectedStorageBackend(): string {
    return this.backend
  },
  encryptString(value: string): Buffer {
    if (!this.available) throw new Error('Encryption is not available.')
    const bytes = Buffer.from(`v1:${value}`, 'utf8').map((byte) => byte ^ this.key)
    return Buffer.from(bytes)
  },
  decryptString(data: Buffer): string {
    const text = Buffer.from(data.map((byte) => byte ^ this.key)).toString('utf8')
    if (!text.startsWith('v1:')) {
      throw new Error(
        'Error while decrypting the ciphertext provided to safeStorage.decryptString.',
      )
    }
    return text.slice(3)
  },
}

export class Notification extends Emitter {
  static supported = true
  static shown: Notification[] = []
  static isSupported(): boolean {
    return Notification.supported
  }
  constructor(readonly options: { title: string; body: string }) {
    super()
  }
  show(): void {
    Notification.shown.push(this)
  }
}

export const Menu = {
  current: null as unknown,
  buildFromTemplate: (template: unknown) => ({ template }),
  setApplicationMenu(menu: unknown): void {
    this.current = menu
  },
}

export const shell = { openExternal: vi.fn(() => Promise.resolve()) }

export const contextBridge = { exposeInMainWorld: vi.fn<(key: string, api: unknown) => void>() }

class FakeIpcRenderer extends Emitter {
  readonly invoke = vi.fn((..._args: unknown[]) =>
    Promise.resolve<unknown>({ ok: true, value: null }),
  )
  removeListener(event: string, listener: Listener): this {
    const remaining = (this.listeners.get(event) ?? []).filter((item) => item !== listener)
    this.listeners.set(event, remaining)
    return this
  }
}

export const ipcRenderer = new FakeIpcRenderer()

/** The app: its events, and what the shell asked of it. */
export const app = Object.assign(new Emitter(), {
  isPackaged: false,
  lockGranted: true,
  ready: Promise.resolve(),
  userData: '/nonexistent/call-observer',
  quit: vi.fn(),
  requestSingleInstanceLock(): boolean {
    return this.lockGranted
  },
  whenReady(): Promise<void> {
    return this.ready
  },
  getPath(_name: string): string {
    return this.userData
  },
  getName(): string {
    return 'Call Observer'
  },
})

export const dialog = { showErrorBox: vi.fn<(title: string, content: string) => void>() }

export const session = {
  defaultSession: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() },
}

// Electron's own names for the fakes.
export { FakeBrowserWindow as BrowserWindow }
