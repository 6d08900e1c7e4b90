import {
  DEFAULT_FRAME_LIMITS,
  isStreamControlEvent,
  normalizeWorkspaceFrame,
  parseStreamControlFrame,
  type FrameLimits,
  type WorkspaceFrame,
  type WorkspaceResult,
} from '../events'
import { Backoff } from './backoff'
import { ReconnectSchedule } from './reconnect-schedule'
import { systemClock, type Clock } from './clock'
import { higherEventId, isEventId, resumeEventId } from './last-event-id'
import { parseRetryAfter } from './retry-after'
import { SseDecoder, type SseFrame } from './sse-decoder'
import {
  safeCode,
  stoppedStatus,
  type WorkspaceReconnectReason,
  type WorkspaceStreamFrame,
  type WorkspaceStreamStatus,
} from './workspace-stream-status'

export interface WorkspaceStreamOptions {
  baseUrl: string
  workspaceId: string
  apiKey: string
  /** The highest SSE id the store holds, read on every connect so resume survives restarts. */
  cursor: () => string | null
  /** Every event frame, in arrival order. Must not throw. */
  onFrame: (frame: WorkspaceStreamFrame) => void
  onStatus: (status: WorkspaceStreamStatus) => void
  /** Reconnect when nothing at all arrives for this long (default 45 s). */
  watchdogMs?: number
  /** For the backoff's jitter, a number in [0, 1). */
  random?: () => number
  clock?: Clock
  /** The fetch the stream uses (default: the global one); tests wrap it to count requests. */
  fetch?: typeof fetch
  /**
   * Backpressure: consulted before each read of the body. A promise holds reading (and so, through
   * TCP, the server) until it settles: the consumer is behind, and memory must stay bounded.
   */
  readGate?: () => Promise<void> | undefined
  /** The largest frame and deepest nesting accepted (default `DEFAULT_FRAME_LIMITS`). */
  limits?: FrameLimits
}

/** One connection attempt: everything reported about it is checked against it. */
interface Attempt {
  readonly abort: AbortController
  /** Open and a first message: only then is the backoff reset. */
  healthy: boolean
  lastActivity: number
  cancelWatchdog: () => void
}

/**
 * The workspace SSE stream (spec 2), held open for as long as it runs.
 *
 * Each connection is one `fetch` (the key goes in the `Authorization` header; the HTTP status and
 * `Retry-After` of every attempt are seen) whose body goes through the bounded `SseDecoder`. The
 * reconnect policy is the `Backoff`: on any failure the connection is dropped and a new one made
 * with a fresh `Last-Event-ID`, or the stream stops for what retrying cannot fix.
 */
export class WorkspaceStream {
  readonly #options: WorkspaceStreamOptions
  readonly #clock: Clock
  readonly #backoff: Backoff
  readonly #watchdogMs: number
  readonly #limits: FrameLimits
  readonly #url: URL
  #running = false
  #attempt: Attempt | null = null
  readonly #reconnects: ReconnectSchedule
  /** The highest id handed to `onFrame` by this instance, in case the store is behind. */
  #highestDelivered: string | null = null
  /**
   * The frames delivered under that highest id (usually one). A reconnect asks from one below it
   * (ids can be shared), so these come again: they are passed on marked as replays.
   */
  readonly #deliveredAtHighest: WorkspaceFrame[] = []

  constructor(options: WorkspaceStreamOptions) {
    this.#options = options
    this.#clock = options.clock ?? systemClock
    this.#backoff = new Backoff({ random: options.random })
    this.#reconnects = new ReconnectSchedule(this.#backoff, this.#clock)
    this.#watchdogMs = options.watchdogMs ?? 45_000
    this.#limits = options.limits ?? DEFAULT_FRAME_LIMITS
    this.#url = new URL(
      `v1/${encodeURIComponent(options.workspaceId)}/events/stream`,
      options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`,
    )
  }

  get running(): boolean {
    return this.#running
  }

  start(): void {
    if (this.#running) return
    this.#running = true
    this.#backoff.reset()
    this.#connect()
  }

  /**
   * Connects now instead of waiting out the backoff (the user's "retry now"). Returns false when
   * no reconnect was waiting: connected, connecting, or stopped for good.
   */
  retryNow(): boolean {
    if (!this.#running || !this.#reconnects.pending) return false
    this.#reconnects.cancel()
    this.#connect()
    return true
  }

  /** Closes the connection and cancels every timer; nothing is reported after it resolves. */
  async stop(): Promise<void> {
    if (!this.#running) return
    this.#halt()
    this.#options.onStatus(stoppedStatus('closed'))
    await Promise.resolve()
  }

  #connect(): void {
    this.#options.onStatus({ state: 'connecting' })
    // Resume from what the store holds or what this instance delivered, whichever is higher:
    // a reconnect before the store's next write must not lose the frames in between.
    const highest = higherEventId(this.#options.cursor(), this.#highestDelivered)
    const attempt: Attempt = {
      abort: new AbortController(),
      healthy: false,
      lastActivity: this.#clock.now(),
      cancelWatchdog: () => undefined,
    }
    this.#attempt = attempt
    this.#armWatchdog(attempt, this.#watchdogMs)
    this.#run(attempt, resumeEventId(highest)).catch(() => {
      // #run reports every failure itself; nothing is left to reject with.
    })
  }

  async #run(attempt: Attempt, lastEventId: string | null): Promise<void> {
    const headers: Record<string, string> = {
      Accept: 'text/event-stream',
      Authorization: `Bearer ${this.#options.apiKey}`,
    }
    if (lastEventId !== null) headers['Last-Event-ID'] = lastEventId
    let response: Response
    try {
      response = await (this.#options.fetch ?? fetch)(this.#url, {
        headers,
        signal: attempt.abort.signal,
      })
    } catch {
      if (attempt === this.#attempt) this.#retry(attempt, 'connection_lost', null)
      return
    }
    if (attempt !== this.#attempt) {
      await response.body?.cancel().catch(() => undefined)
      return
    }
    const eventStream = (response.headers.get('content-type') ?? '').startsWith('text/event-stream')
    if (response.status !== 200 || !eventStream || response.body === null) {
      // The body of a refusal is not read: it is not the stream, and may echo the request.
      await response.body?.cancel().catch(() => undefined)
      this.#refused(attempt, response.status, eventStream, response.headers.get('retry-after'))
      return
    }
    this.#options.onStatus({ state: 'connected', since: this.#clock.now() })
    await this.#read(attempt, response.body)
  }

  /** Sorts a refused connection: stop on what retrying cannot fix, otherwise back off and retry. */
  #refused(
    attempt: Attempt,
    status: number,
    eventStream: boolean,
    retryAfter: string | null,
  ): void {
    if (status === 401 || status === 403) {
      this.#halt()
      this.#options.onStatus(stoppedStatus('credentials_rejected', { httpStatus: status }))
    } else if (status === 429) {
      const wait = parseRetryAfter(retryAfter, this.#clock.now()) ?? 0
      this.#retry(attempt, 'rate_limited', 'HTTP 429', wait)
    } else if (status >= 400 && status < 500 && status !== 408) {
      this.#halt()
      this.#options.onStatus(stoppedStatus('request_rejected', { httpStatus: status }))
    } else if (status !== 200) {
      this.#retry(attempt, 'server_error', `HTTP ${status}`)
    } else {
      this.#retry(attempt, 'unexpected_response', eventStream ? 'no body' : 'not text/event-stream')
    }
  }

  /** Reads the body until it ends, fails or this attempt is replaced. */
  async #read(attempt: Attempt, body: ReadableStream<Uint8Array>): Promise<void> {
    const reader = body.getReader()
    const decoder = new SseDecoder(this.#limits.maxFrameBytes, {
      onFrame: (frame) => {
        if (attempt === this.#attempt) this.#onFrame(attempt, frame)
      },
      onRetry: (ms) => {
        if (attempt === this.#attempt) this.#backoff.setFloor(ms)
      },
    })
    try {
      for (;;) {
        // Backpressure: while the store is behind, the body is not read, and TCP holds the
        // server back.
        const gate = this.#options.readGate?.()
        if (gate) await gate
        if (attempt !== this.#attempt) return
        const { done, value } = await reader.read()
        if (attempt !== this.#attempt) return
        if (done) {
          this.#retry(attempt, 'server_closed', null)
          return
        }
        attempt.lastActivity = this.#clock.now()
        decoder.feed(value)
      }
    } catch {
      if (attempt === this.#attempt) this.#retry(attempt, 'connection_lost', null)
    } finally {
      reader.cancel().catch(() => undefined)
    }
  }

  #onFrame(attempt: Attempt, frame: SseFrame): void {
    const receivedAt = this.#clock.now()
    if (frame.kind === 'oversized') {
      this.#markHealthy(attempt)
      this.#options.onFrame(oversizedFrame(frame, this.#limits.maxFrameBytes, receivedAt))
      return
    }
    const { id, event, data, damage } = frame
    const raw: WorkspaceFrame = { id, event, data }
    if (isStreamControlEvent(event)) {
      this.#onControlFrame(attempt, event, data)
      return
    }
    this.#markHealthy(attempt)
    if (damage !== null) {
      // Quarantined as it came: an unusable id must not move the cursor, nor text that is not
      // UTF-8 pass for an event.
      this.#options.onFrame({
        result: damagedFrame(damage, raw),
        receivedAt,
        raw: damage === 'invalid_id' ? { ...raw, id: null } : raw,
        replayed: false,
      })
      return
    }
    const replayed = this.#isReplay(raw)
    const result = normalizeWorkspaceFrame(raw, this.#limits)
    this.#options.onFrame({ result, receivedAt, raw, replayed })
  }

  #onControlFrame(attempt: Attempt, event: 'stream.opened' | 'error', data: string): void {
    const control = parseStreamControlFrame(event, data)
    if (control.type === 'stream.opened') {
      this.#markHealthy(attempt)
    } else if (control.frame.code === 'too_many_streams') {
      this.#halt()
      this.#options.onStatus(
        stoppedStatus('too_many_streams', { maxStreams: control.frame.max_streams }),
      )
    } else {
      this.#retry(attempt, 'stream_error', safeCode(control.frame.code))
    }
  }

  /** Whether this instance delivered this very frame before; tracks the highest id delivered. */
  #isReplay(raw: WorkspaceFrame): boolean {
    if (!isEventId(raw.id)) return false
    const atHighest = this.#deliveredAtHighest
    if (raw.id === this.#highestDelivered) {
      // Kept by reference and compared only here: no key string built for every frame.
      if (atHighest.some((seen) => seen.event === raw.event && seen.data === raw.data)) return true
      atHighest.push(raw)
    } else if (higherEventId(this.#highestDelivered, raw.id) === raw.id) {
      this.#highestDelivered = raw.id
      atHighest.length = 0
      atHighest.push(raw)
    }
    return false
  }

  #markHealthy(attempt: Attempt): void {
    if (attempt.healthy) return
    attempt.healthy = true
    this.#backoff.reset()
  }

  #armWatchdog(attempt: Attempt, ms: number): void {
    // One timer per interval, not one per chunk: each expiry checks the last activity and
    // re-arms for the remainder, so a busy stream costs no timer churn.
    attempt.cancelWatchdog = this.#clock.setTimer(ms, () => {
      if (attempt !== this.#attempt) return
      const idle = this.#clock.now() - attempt.lastActivity
      if (idle >= this.#watchdogMs) this.#retry(attempt, 'idle_timeout', null)
      else this.#armWatchdog(attempt, this.#watchdogMs - idle)
    })
  }

  #retry(
    attempt: Attempt,
    reason: WorkspaceReconnectReason,
    detail: string | null,
    minimumMs = 0,
  ): void {
    this.#teardown(attempt)
    const next = this.#reconnects.schedule(() => {
      if (this.#running) this.#connect()
    }, minimumMs)
    this.#options.onStatus({ state: 'reconnecting', ...next, reason, detail })
  }

  /** Stops for good: no connection, no timer. */
  #halt(): void {
    this.#running = false
    this.#reconnects.cancel()
    if (this.#attempt) this.#teardown(this.#attempt)
  }

  #teardown(attempt: Attempt): void {
    if (attempt === this.#attempt) this.#attempt = null
    attempt.cancelWatchdog()
    attempt.abort.abort()
  }
}

/** A frame the decoder found damaged, as the normalizer would report it (never its text). */
function damagedFrame(damage: 'invalid_utf8' | 'invalid_id', raw: WorkspaceFrame): WorkspaceResult {
  const detail =
    damage === 'invalid_utf8'
      ? 'data is not valid UTF-8 (kept with U+FFFD in place of the invalid bytes)'
      : 'the id: line is unusable (a NUL, not UTF-8, or too long), so the frame has no id'
  return { kind: 'malformed', reason: damage, detail, raw: raw.data, sseId: null }
}

/** A frame past the limit, as a quarantine entry: its head, length and hash, never its whole. */
function oversizedFrame(
  frame: Extract<SseFrame, { kind: 'oversized' }>,
  limit: number,
  receivedAt: number,
): WorkspaceStreamFrame {
  const raw: WorkspaceFrame = { id: frame.id, event: frame.event, data: frame.head }
  const detail = `frame of ${frame.byteLength} bytes exceeds the ${limit}-byte limit; its first bytes and SHA-256 are kept`
  return {
    result: { kind: 'malformed', reason: 'too_large', detail, raw: frame.head, sseId: frame.id },
    receivedAt,
    raw,
    replayed: false,
    oversized: { byteLength: frame.byteLength, sha256: frame.sha256 },
  }
}
