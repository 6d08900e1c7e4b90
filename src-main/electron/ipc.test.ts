import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { AppHandlers, AppState, PushMessage } from '../api/contract'

vi.mock('electron', () => import('./fake-electron'))

const fake = await import('./fake-electron')
const { registerIpc } = await import('./ipc')
const { isAppUrl, rendererLocation } = await import('./renderer-location')
const { ipcChannels } = await import('../api/channels')

const location = rendererLocation({ devServerUrl: undefined, packaged: true })
const appUrl = `${location.url}#/live`

const state: AppState = {
  setup: 'none',
  workspace: null,
  keyProtection: 'os-keychain',
  warnings: [],
  transport: 'electron',
}

/** A service whose handlers record their calls, and whose pushes the test sends. */
function fakeService() {
  const calls: { method: string; input: unknown }[] = []
  const record =
    (method: string, output: unknown = null) =>
    (input: unknown) => {
      calls.push({ method, input })
      return Promise.resolve(output)
    }
  const handlers = {
    'app.getState': record('app.getState', state),
    'workspace.check': record('workspace.check'),
    'workspace.connect': record('workspace.connect'),
    'workspace.disconnect': record('workspace.disconnect'),
    'demo.start': () => Promise.reject(new Error('the simulator failed for caller +1 555 0100')),
    'live.getSnapshot': record('live.getSnapshot'),
    'connection.retryNow': record('connection.retryNow'),
  } as unknown as AppHandlers
  const listeners = new Set<(message: PushMessage) => void>()
  return {
    calls,
    handlers,
    listeners,
    subscribe(listener: (message: PushMessage) => void) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    push(message: PushMessage) {
      for (const listener of listeners) listener(message)
    },
  }
}

function ourWindow() {
  const window = new fake.FakeBrowserWindow({ webPreferences: {} })
  window.webContents.mainFrame.url = appUrl
  return window
}

function invokeFrom(
  sender: InstanceType<typeof fake.FakeWebContents>,
  frame: unknown,
  request: unknown,
) {
  const handler = fake.ipcMain.handlers.get(ipcChannels.invoke)
  if (!handler) throw new Error('no handler registered')
  return handler({ sender, senderFrame: frame, frameId: 1 }, request)
}

describe('the IPC binding', () => {
  let service: ReturnType<typeof fakeService>
  let window: ReturnType<typeof ourWindow>
  let log: ReturnType<typeof vi.fn<(line: string) => void>>
  let dispose: () => void

  beforeEach(() => {
    fake.FakeBrowserWindow.all = []
    service = fakeService()
    window = ourWindow()
    log = vi.fn<(line: string) => void>()
    dispose = registerIpc({
      service,
      windows: () => fake.FakeBrowserWindow.getAllWindows(),
      isAppUrl: (url) => isAppUrl(location, url),
      log,
    })
  })

  afterEach(() => {
    dispose()
  })

  it('runs a command from our main frame and answers with its envelope', async () => {
    const answer = await invokeFrom(window.webContents, window.webContents.mainFrame, {
      method: 'app.getState',
      input: undefined,
    })
    expect(answer).toEqual({ ok: true, value: state })
    expect(service.calls).toEqual([{ method: 'app.getState', input: undefined }])
  })

  it('validates the input before the core sees it', async () => {
    const answer = await invokeFrom(window.webContents, window.webContents.mainFrame, {
      method: 'workspace.check',
      input: { baseUrl: 42 },
    })
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    const unknown = await invokeFrom(window.webContents, window.webContents.mainFrame, {
      method: 'fs.readFile',
      input: '/etc/passwd',
    })
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown-method' } })
    expect(service.calls).toEqual([])
  })

  it('reports an unexpected failure without its message, in the envelope and the log', async () => {
    const answer = await invokeFrom(window.webContents, window.webContents.mainFrame, {
      method: 'demo.start',
      input: undefined,
    })
    expect(answer).toMatchObject({ ok: false, error: { code: 'internal' } })
    expect(JSON.stringify(answer)).not.toContain('555')
    expect(log).toHaveBeenCalledTimes(1)
    expect(log.mock.calls[0]?.[0]).toContain('demo.start')
    expect(log.mock.calls[0]?.[0]).not.toContain('555')
  })

  const foreign = {
    'a subframe of our window': () => {
      const frame = new fake.FakeWebFrame(appUrl, window.webContents.mainFrame)
      return [window.webContents, frame] as const
    },
    'another webContents': () => {
      const other = new fake.FakeWebContents(appUrl)
      return [other, other.mainFrame] as const
    },
    'our main frame showing a foreign URL': () => {
      window.webContents.mainFrame.url = 'https://evil.example/'
      return [window.webContents, window.webContents.mainFrame] as const
    },
    'another local file': () => {
      window.webContents.mainFrame.url = 'file:///tmp/index.html'
      return [window.webContents, window.webContents.mainFrame] as const
    },
    'a frame that is gone': () => [window.webContents, null] as const,
    'a destroyed window': () => {
      window.destroyed = true
      return [window.webContents, window.webContents.mainFrame] as const
    },
  }

  for (const [name, sender] of Object.entries(foreign)) {
    it(`refuses ${name} before any handler runs`, async () => {
      const [contents, frame] = sender()
      const answer = await invokeFrom(contents, frame, { method: 'app.getState', input: undefined })
      expect(answer).toMatchObject({ ok: false, error: { code: expect.any(String) as string } })
      expect(service.calls).toEqual([])
      expect(log).toHaveBeenCalledWith(expect.stringContaining('foreign sender'))
    })
  }

  it('forwards pushes to live windows showing our page only', () => {
    const closed = ourWindow()
    closed.destroyed = true
    const navigatedAway = ourWindow()
    navigatedAway.webContents.mainFrame.url = 'https://evil.example/'
    const message: PushMessage = { event: 'app.state', payload: state }
    service.push(message)
    expect(window.webContents.send).toHaveBeenCalledWith(ipcChannels.event, message)
    expect(closed.webContents.send).not.toHaveBeenCalled()
    expect(navigatedAway.webContents.send).not.toHaveBeenCalled()
  })

  it('undoes the handler and the subscription', () => {
    dispose()
    expect(fake.ipcMain.handlers.has(ipcChannels.invoke)).toBe(false)
    expect(service.listeners.size).toBe(0)
    // Registering again works once disposed (afterEach disposes this one).
    dispose = registerIpc({ service, windows: () => [], isAppUrl: () => true, log })
    expect(fake.ipcMain.handlers.has(ipcChannels.invoke)).toBe(true)
  })
})
