import { Backoff, atLeast } from './backoff'
import { sleep, type Clock } from './clock'
import type { PlatformClient } from './platform-client'
import { CredentialsRejectedError, PlatformError, RateLimitedError } from './platform-errors'
import type { CallDetail } from './rest'

export type CallDetailResult = { ok: true; detail: CallDetail } | { ok: false; error: Error }

/** A backfill is worth a few tries: what it recovers exists nowhere else on this machine. */
const ATTEMPTS = 4

/**
 * `GET /calls/{call_sid}` for a backfill, retried on what may pass (no answer, 5xx, 429 after its
 * `Retry-After`) with a 1 s-floor backoff, and not retried on what will not (401/403, 404, an
 * answer off-schema). Never throws; an abort ends it early with the abort as the error.
 */
export async function fetchCallDetailWithRetry(
  client: PlatformClient,
  callSid: string,
  options: { clock: Clock; signal: AbortSignal; random?: () => number },
): Promise<CallDetailResult> {
  const backoff = new Backoff({ floorMs: 1000, random: options.random })
  let lastError: Error = new Error('backfill was not attempted')
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    if (options.signal.aborted) return { ok: false, error: lastError }
    try {
      const detail = await client.callDetail(callSid, { signal: options.signal })
      return { ok: true, detail }
    } catch (error) {
      lastError = error instanceof Error ? error : new Error('backfill failed')
      if (!isWorthRetrying(error) || attempt === ATTEMPTS) break
      const minimum = error instanceof RateLimitedError ? (error.retryAfterMs ?? 0) : 0
      await sleep(atLeast(backoff.next(), minimum), options.clock, options.signal)
    }
  }
  return { ok: false, error: lastError }
}

function isWorthRetrying(error: unknown): boolean {
  if (error instanceof CredentialsRejectedError) return false
  if (error instanceof RateLimitedError) return true
  if (!(error instanceof PlatformError)) return false
  if (error.kind === 'network' || error.kind === 'timeout') return true
  return error.kind === 'http' && error.status !== null && error.status >= 500
}
