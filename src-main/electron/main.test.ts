import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Shell } from './start-shell'

vi.mock('electron', () => import('./fake-electron'))

const startShell = vi.hoisted(() => vi.fn<() => Promise<Shell>>())
vi.mock('./start-shell', () => ({ startShell }))

type Fake = typeof import('./fake-electron')
let fake: Fake

function preventable() {
  return {
    prevented: false,
    preventDefault() {
      this.prevented = true
    },
  }
}

/** Lets queued promise callbacks run. */
async function settle(): Promise<void> {
  for (let turn = 0; turn < 10; turn += 1) await Promise.resolve()
}

let signalListeners: Map<NodeJS.Signals, NodeJS.SignalsListener[]>

/** Runs main.ts afresh against a fresh fake Electron, as at launch. */
async function launch(prepare: (electron: Fake) => void = () => undefined): Promise<void> {
  vi.resetModules()
  // The mocked module outlives the reset: take the instance main.ts will see, and clear it.
  fake = (await import('electron')) as unknown as Fake
  fake.app.listeners.clear()
  fake.app.quit.mockReset()
  fake.app.lockGranted = true
  fake.dialog.showErrorBox.mockReset()
  fake.FakeBrowserWindow.all = []
  prepare(fake)
  await import('./main')
  await settle()
}

beforeEach(() => {
  startShell.mockReset()
  signalListeners = new Map(
    (['SIGINT', 'SIGTERM'] as const).map((signal) => [signal, process.listeners(signal)]),
  )
})

afterEach(() => {
  // Only the listeners main.ts added; the test runner's own stay.
  for (const [signal, before] of signalListeners) {
    for (const listener of process.listeners(signal)) {
      if (!before.includes(listener)) process.removeListener(signal, listener)
    }
  }
})

describe('the app lifecycle', () => {
  it('leaves to the running instance when it is not the only one', async () => {
    await launch((electron) => {
      electron.app.lockGranted = false
    })
    expect(fake.app.quit).toHaveBeenCalled()
    expect(startShell).not.toHaveBeenCalled()
  })

  it('says why it cannot start, then quits', async () => {
    startShell.mockRejectedValue(new Error('The database is locked by another program.'))
    await launch()
    expect(fake.dialog.showErrorBox).toHaveBeenCalledWith(
      'Call Observer cannot start',
      'The database is locked by another program.',
    )
    expect(fake.app.quit).toHaveBeenCalledTimes(1)
    // The quit it asked for goes through once the gate sees there is nothing to close.
    fake.app.emit('before-quit', preventable())
    await settle()
    expect(fake.app.quit).toHaveBeenCalledTimes(2)
    const quit = preventable()
    fake.app.emit('before-quit', quit)
    expect(quit.prevented).toBe(false)
  })

  it('holds the quit until the recording is closed', async () => {
    let finishClosing: () => void = () => undefined
    const close = vi.fn(
      () =>
        new Promise<void>((resolve) => {
          finishClosing = resolve
        }),
    )
    startShell.mockResolvedValue({ close })
    await launch()
    expect(startShell).toHaveBeenCalledTimes(1)

    const first = preventable()
    fake.app.emit('before-quit', first)
    expect(first.prevented).toBe(true)
    await settle()
    expect(close).toHaveBeenCalledTimes(1)
    expect(fake.app.quit).not.toHaveBeenCalled()

    // Quitting again while closing changes nothing.
    const again = preventable()
    fake.app.emit('before-quit', again)
    expect(again.prevented).toBe(true)

    finishClosing()
    await settle()
    expect(close).toHaveBeenCalledTimes(1)
    expect(fake.app.quit).toHaveBeenCalledTimes(1)
    const last = preventable()
    fake.app.emit('before-quit', last)
    expect(last.prevented).toBe(false)
  })

  it('brings the window forward on a second launch', async () => {
    startShell.mockResolvedValue({ close: () => Promise.resolve() })
    await launch()
    const window = new fake.FakeBrowserWindow({ webPreferences: {} })
    window.minimized = true
    fake.app.emit('second-instance')
    expect(window.minimized).toBe(false)
    expect(window.focused).toBe(1)
  })

  it('hardens every webContents created', async () => {
    startShell.mockResolvedValue({ close: () => Promise.resolve() })
    await launch()
    const contents = new fake.FakeWebContents()
    fake.app.emit('web-contents-created', {}, contents)
    expect(contents.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({
      action: 'deny',
    })
  })
})
