import type { LineEnding } from './sse-format'

/**
 * Knobs that make the simulated platform misbehave the ways a real network and server do. They
 * can be changed while it runs (tests flip them mid-stream). Counts are per connection.
 */
export interface Faults {
  /** Cut each SSE connection abruptly after every N events written to it. */
  dropStreamEvery: number | null
  /**
   * After every N events, publish an event of a type this build does not know (as a later platform
   * release would): clients must store it, not reject it.
   */
  futureTypeEvery: number | null
  /** Give every Nth event the same SSE id as the event before it (one millisecond, two events). */
  shareIdEvery: number | null
  /** Publish a malformed frame (broken JSON under a known event name) after every N events. */
  malformedEvery: number | null
  /** Write SSE frames in random pieces, split at any byte, inside multi-byte characters too. */
  splitFrames: boolean
  /** The line ending of SSE frames. */
  lineEnding: LineEnding
  /** Terminate each observer socket abruptly (no close frame) after every N frames sent on it. */
  dropObserverEvery: number | null
  /** Answer the next N stream requests with 429 and this Retry-After. */
  rateLimit: { remaining: number; retryAfterSeconds: number } | null
  /** Hold every SSE write back this long (real milliseconds): a slow, congested link. */
  slowFramesMs: number
}

export function defaultFaults(): Faults {
  return {
    dropStreamEvery: null,
    malformedEvery: null,
    shareIdEvery: null,
    futureTypeEvery: null,
    splitFrames: false,
    lineEnding: 'lf',
    dropObserverEvery: null,
    rateLimit: null,
    slowFramesMs: 0,
  }
}

/** Whether the Nth occurrence (1-based) falls on an "every N" knob. */
export function isEvery(count: number, every: number | null): boolean {
  return every !== null && every > 0 && count % every === 0
}
