/**
 * The reconnect delay policy of both stream clients (CONVENTIONS 10, spec 2.3 and 3.5): a pure
 * class, so the policy is tested without sockets.
 *
 * Delay n (0-based) is drawn uniformly from [floor, min(cap, floor * 2^(n+1))]: exponential, with
 * full jitter over the window above the floor. The floor is the server's `retry` (3000 ms by
 * default), which the server asks for as a minimum, so no delay goes below it; jitter already on
 * the first attempt spreads a workspace's clients out after a server restart instead of bringing
 * them all back in the same millisecond. The caller resets only after a healthy connection (open
 * plus a first message): a server that accepts and then drops at once keeps backing off.
 */

export const DEFAULT_RETRY_FLOOR_MS = 3000
export const MAX_BACKOFF_MS = 30_000
/** A `retry: 0` from a server must not turn into a reconnect loop with no pause at all. */
export const MIN_FLOOR_MS = 250

export interface BackoffOptions {
  /** The first and least delay (ms); default 3000. */
  floorMs?: number
  /** The largest delay (ms); default 30 000. */
  capMs?: number
  /** A number in [0, 1); default `Math.random`. */
  random?: () => number
}

export class Backoff {
  readonly #capMs: number
  readonly #random: () => number
  #floorMs: number
  #attempts = 0

  constructor(options: BackoffOptions = {}) {
    this.#capMs = Math.max(MIN_FLOOR_MS, options.capMs ?? MAX_BACKOFF_MS)
    this.#random = options.random ?? Math.random
    this.#floorMs = DEFAULT_RETRY_FLOOR_MS
    this.setFloor(options.floorMs ?? DEFAULT_RETRY_FLOOR_MS)
  }

  /** Delays handed out since the last reset. */
  get attempts(): number {
    return this.#attempts
  }

  get floorMs(): number {
    return this.#floorMs
  }

  /**
   * Takes a new floor, such as a `retry:` field from the server. It is clamped to
   * [MIN_FLOOR_MS, cap]: a server asking for an hour would otherwise silence the recorder, and the
   * cap is the longest this client ever waits for its own reasons. Nonsense values are ignored.
   */
  setFloor(ms: number): void {
    if (!Number.isFinite(ms)) return
    this.#floorMs = Math.min(this.#capMs, Math.max(MIN_FLOOR_MS, Math.round(ms)))
  }

  /** The next delay (ms), and one more attempt counted. */
  next(): number {
    const ceiling = Math.min(this.#capMs, this.#floorMs * 2 ** (this.#attempts + 1))
    this.#attempts++
    const draw = Math.min(1, Math.max(0, this.#random()))
    return Math.round(this.#floorMs + draw * (ceiling - this.#floorMs))
  }

  /** The next delay, but no less than `minimumMs` (a 429's Retry-After, a slow-retry close code). */
  nextAtLeast(minimumMs: number): number {
    return atLeast(this.next(), minimumMs)
  }

  /** Back to the first delay: call after a healthy connection only. */
  reset(): void {
    this.#attempts = 0
  }
}

/** `delayMs`, raised to `minimumMs` when the server asked for a longer pause. */
export function atLeast(delayMs: number, minimumMs: number): number {
  return Number.isFinite(minimumMs) ? Math.max(delayMs, minimumMs) : delayMs
}
