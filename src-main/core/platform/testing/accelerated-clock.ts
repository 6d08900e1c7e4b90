import type { Clock } from '../clock'

/**
 * A clock whose time runs `1 / factor` times faster than the wall's: with a factor of 0.01 the
 * policy's 3 s backoff takes 30 real milliseconds and its 45 s watchdog 450. The client code does
 * the same arithmetic as in production; only the waiting is compressed.
 */
export function acceleratedClock(factor: number): Clock {
  const start = Date.now()
  return {
    now: () => start + (Date.now() - start) / factor,
    setTimer(ms, callback) {
      const handle = setTimeout(callback, ms * factor)
      return () => {
        clearTimeout(handle)
      }
    },
  }
}
