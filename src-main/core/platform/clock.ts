/**
 * Time as the stream clients see it: the current time and one-shot timers. Injected so that tests
 * can run the reconnect policy's real delays (3 s, 30 s, a 45 s watchdog) compressed, with the
 * same arithmetic, instead of waiting for them.
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number
  /** Runs `callback` once, `ms` from now; the returned function cancels it. */
  setTimer(ms: number, callback: () => void): () => void
}

/** `setTimeout` overflows past 2^31 - 1 ms (about 24.8 days) and then fires at once. */
export const MAX_TIMER_MS = 2_147_483_647

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(ms, callback) {
    const handle = setTimeout(callback, Math.min(Math.max(0, ms), MAX_TIMER_MS))
    return () => {
      clearTimeout(handle)
    }
  },
}

/** Waits `ms` on `clock`; an abort ends the wait early (the caller checks the signal). */
export function sleep(ms: number, clock: Clock, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const cancel = clock.setTimer(ms, done)
    signal?.addEventListener('abort', done, { once: true })
    function done(): void {
      cancel()
      signal?.removeEventListener('abort', done)
      resolve()
    }
  })
}
