import { describe, expect, it, vi } from 'vitest'
import { closeBeforeQuit } from './quit-gate'

function fakeApp() {
  let listener: ((event: { preventDefault(): void }) => void) | null = null
  return {
    quit: vi.fn(),
    on(event: string, handler: typeof listener) {
      if (event === 'before-quit') listener = handler
      return this
    },
    beforeQuit() {
      const event = { preventDefault: vi.fn() }
      listener?.(event)
      return event.preventDefault.mock.calls.length > 0
    },
  }
}

describe('the quit gate', () => {
  it('quits anyway when closing hangs, saying so', async () => {
    vi.useFakeTimers()
    try {
      const app = fakeApp()
      const log = vi.fn()
      const hung = { close: () => new Promise<void>(() => undefined) }
      closeBeforeQuit({ app: app as never, shell: Promise.resolve(hung), log, timeoutMs: 1000 })
      expect(app.beforeQuit()).toBe(true)
      await vi.advanceTimersByTimeAsync(999)
      expect(app.quit).not.toHaveBeenCalled()
      await vi.advanceTimersByTimeAsync(1)
      expect(app.quit).toHaveBeenCalledTimes(1)
      expect(log).toHaveBeenCalledWith(expect.stringContaining('quitting anyway'))
      expect(app.beforeQuit()).toBe(false)
    } finally {
      vi.useRealTimers()
    }
  })

  it('quits after a close that fails, without its message', async () => {
    const app = fakeApp()
    const log = vi.fn()
    const failing = { close: () => Promise.reject(new Error('secret detail')) }
    closeBeforeQuit({ app: app as never, shell: Promise.resolve(failing), log })
    expect(app.beforeQuit()).toBe(true)
    await vi.waitFor(() => {
      expect(app.quit).toHaveBeenCalledTimes(1)
    })
    expect(JSON.stringify(log.mock.calls)).not.toContain('secret detail')
  })
})
