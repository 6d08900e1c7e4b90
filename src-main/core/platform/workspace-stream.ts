import { EventSource, type EventSourceFetchInit, type FetchLikeResponse } from 'eventsource'
import {
  isStreamControlEvent,
  normalizeWorkspaceFrame,
  parseStreamControlFrame,
  type WorkspaceFrame,
} from '../events'
import { Backoff } from './backoff'
import { ReconnectSchedule } from './reconnect-schedule'
import { systemClock, type Clock } from './clock'
import { higherEventId, isEventId, resumeEventId } from './last-event-id'
import { parseRetryAfter } from './retry-after'
import { tapSseBody } from './sse-tap'
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
}

/** One connection attempt: everything the package reports about it is checked against it. */
interface Attempt {
  source: HookedEventSource | null
  httpStatus: number | null
  retryAfterMs: number | null
  eventStream: boolean
  /** Open and a first message: only then is the backoff reset. */
  healthy: boolean
  lastActivity: number
  cancelWatchdog: () => void
}

/**
 * The package dispatches each frame as an event named after its `event:` field, so a listener
 * can only hear types it names in advance. Unknown types must be recorded too, so every dispatch
 * is taken here instead; nothing else listens on these instances.
 */
class HookedEventSource extends EventSource {
  hook: ((event: Event) => void) | null = null

  override dispatchEvent(event: Event): boolean {
    this.hook?.(event)
    return true
  }
}

/**
 * The workspace SSE stream (spec 2), held open for as long as it runs.
 *
 * The `eventsource` package parses the stream; the reconnect policy is ours. The package would
 * give up for good on a non-200 answer, has no idle detection, and its own reconnect would resend
 * the last id it saw (maybe a control frame's `0`). So every instance serves one connection: on
 * any error it is closed and, under the `Backoff` policy, a new one is made with a fresh
 * `Last-Event-ID`. A custom fetch puts the key in the `Authorization` header, sees each attempt's
 * HTTP status and `Retry-After`, and taps the body for heartbeats and `retry:` (see sse-tap.ts).
 */
export class WorkspaceStream {
  readonly #options: WorkspaceStreamOptions
  readonly #clock: Clock
  readonly #backoff: Backoff
  readonly #watchdogMs: number
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
    // Lets the deferred close of the last instance run (see #teardown) before resolving.
    await Promise.resolve()
  }

  #connect(): void {
    this.#options.onStatus({ state: 'connecting' })
    // Resume from what the store holds or what this instance delivered, whichever is higher:
    // a reconnect before the store's next write must not lose the frames in between.
    const highest = higherEventId(this.#options.cursor(), this.#highestDelivered)
    const lastEventId = resumeEventId(highest)
    const attempt: Attempt = {
      source: null,
      httpStatus: null,
      retryAfterMs: null,
      eventStream: false,
      healthy: false,
      lastActivity: this.#clock.now(),
      cancelWatchdog: () => undefined,
    }
    this.#attempt = attempt
    this.#armWatchdog(attempt, this.#watchdogMs)
    const source = new HookedEventSource(this.#url, {
      fetch: (input, init) => this.#fetch(attempt, input, init, lastEventId),
    })
    source.hook = (event) => {
      this.#onSourceEvent(attempt, event)
    }
    attempt.source = source
  }

  async #fetch(
    attempt: Attempt,
    input: string | URL,
    init: EventSourceFetchInit,
    lastEventId: string | null,
  ): Promise<FetchLikeResponse> {
    const headers: Record<string, string> = {
      Accept: 'text/event-stream',
      Authorization: `Bearer ${this.#options.apiKey}`,
    }
    if (lastEventId !== null) headers['Last-Event-ID'] = lastEventId
    const signal: unknown = init.signal
    const response = await (this.#options.fetch ?? fetch)(input, {
      headers,
      signal: signal instanceof AbortSignal ? signal : null,
    })
    attempt.httpStatus = response.status
    attempt.retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), this.#clock.now())
    attempt.eventStream = (response.headers.get('content-type') ?? '').startsWith(
      'text/event-stream',
    )
    const base = {
      status: response.status,
      url: response.url,
      redirected: response.redirected,
      headers: response.headers,
    }
    if (response.status !== 200 || !attempt.eventStream || response.body === null) {
      // The package fails these without reading the body; free the connection now.
      response.body?.cancel().catch(() => undefined)
      return { ...base, body: null }
    }
    return {
      ...base,
      body: tapSseBody(response.body, {
        beforeRead: this.#options.readGate,
        onBytes: () => {
          if (attempt === this.#attempt) attempt.lastActivity = this.#clock.now()
        },
        onRetry: (ms) => {
          if (attempt === this.#attempt) this.#backoff.setFloor(ms)
        },
      }),
    }
  }

  #onSourceEvent(attempt: Attempt, event: Event): void {
    // Events from a replaced or closed instance are ignored (CONVENTIONS 10).
    if (attempt !== this.#attempt) return
    if (event instanceof MessageEvent) this.#onMessage(attempt, event)
    else if (event.type === 'open')
      this.#options.onStatus({ state: 'connected', since: this.#clock.now() })
    else if (event.type === 'error') this.#onConnectionError(attempt, event)
  }

  #onMessage(attempt: Attempt, message: MessageEvent): void {
    const receivedAt = this.#clock.now()
    // `message` is what the package names a frame without `event:`; the platform sends no type
    // by that name, so both read as "no event line" and the normalizer falls back to the JSON.
    const event = message.type === 'message' ? null : message.type
    const raw: WorkspaceFrame = {
      id: message.lastEventId === '' ? null : message.lastEventId,
      event,
      data: typeof message.data === 'string' ? message.data : String(message.data),
    }
    if (isStreamControlEvent(event)) {
      const control = parseStreamControlFrame(event, raw.data)
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
      return
    }
    this.#markHealthy(attempt)
    const replayed = this.#isReplay(raw)
    this.#options.onFrame({ result: normalizeWorkspaceFrame(raw), receivedAt, raw, replayed })
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

  /** Sorts a failed connection: stop on what retrying cannot fix, otherwise back off and retry. */
  #onConnectionError(attempt: Attempt, event: Event): void {
    const status = attempt.httpStatus
    if (status === 401 || status === 403) {
      this.#halt()
      this.#options.onStatus(stoppedStatus('credentials_rejected', { httpStatus: status }))
    } else if (status === 429) {
      this.#retry(attempt, 'rate_limited', 'HTTP 429', attempt.retryAfterMs ?? 0)
    } else if (status !== null && status >= 400 && status < 500 && status !== 408) {
      this.#halt()
      this.#options.onStatus(stoppedStatus('request_rejected', { httpStatus: status }))
    } else if (status !== null && status !== 200) {
      this.#retry(attempt, 'server_error', `HTTP ${status}`)
    } else if (status === 200 && !attempt.eventStream) {
      this.#retry(attempt, 'unexpected_response', 'not text/event-stream')
    } else {
      // The package reports a clean end of the body with no message, a failure with one.
      const message = 'message' in event ? event.message : undefined
      const endedCleanly = status === 200 && (message === undefined || message === '')
      this.#retry(attempt, endedCleanly ? 'server_closed' : 'connection_lost', null)
    }
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
    const source = attempt.source
    if (!source) return
    source.close()
    // When the error came from the package's end-of-body path, it arms its own reconnect timer
    // right after dispatching the error; closing once more, after that, clears it.
    queueMicrotask(() => {
      source.close()
    })
  }
}
