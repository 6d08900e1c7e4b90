import { Backoff } from './backoff'
import { sleep, type Clock } from './clock'
import type { PlatformClient } from './platform-client'
import { PlatformError, RateLimitedError } from './platform-errors'
import type { AuthInfo } from './rest'

export interface AwaitPlatformOptions {
  clock: Clock
  /** Gives up waiting (the user pressed Ctrl+C): rejects with the signal's reason. */
  signal?: AbortSignal
  /** Each failed attempt: what went wrong (safe to show) and when the next one starts. */
  onWaiting: (message: string, retryAt: number) => void
  random?: () => number
}

/**
 * `GET /v1/auth/me` until the platform answers, as the app does for a workspace it records: a
 * platform that cannot be reached, times out, answers 5xx or asks to wait is asked again with the
 * reconnect backoff (3 s, doubling to 30 s, for as long as it takes). A rejected key
 * (`CredentialsRejectedError`) or another refusal is final and thrown.
 */
export async function awaitPlatform(
  client: PlatformClient,
  options: AwaitPlatformOptions,
): Promise<AuthInfo> {
  const backoff = new Backoff({ random: options.random })
  for (;;) {
    options.signal?.throwIfAborted()
    try {
      return await client.authMe({ signal: options.signal })
    } catch (error) {
      if (!isPassing(error)) throw error
      const wait = Math.max(
        backoff.next(),
        error instanceof RateLimitedError ? (error.retryAfterMs ?? 0) : 0,
      )
      options.onWaiting(error.message, options.clock.now() + wait)
      await sleep(wait, options.clock, options.signal)
    }
  }
}

/** What may pass on its own: no answer, a timeout, a 5xx, a 429. */
function isPassing(error: unknown): error is PlatformError {
  if (!(error instanceof PlatformError) || error.name === 'CredentialsRejectedError') return false
  if (error instanceof RateLimitedError) return true
  if (error.kind === 'network' || error.kind === 'timeout') return true
  return error.kind === 'http' && error.status !== null && error.status >= 500
}
