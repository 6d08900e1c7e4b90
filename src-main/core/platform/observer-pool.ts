import type { FrameLimits, ObserverEvent, WorkspaceEvent } from '../events'
import {
  CallBackfills,
  callAgeOf,
  type BackfillTarget,
  type ObserverBackfill,
} from './call-backfills'
import { systemClock, type Clock } from './clock'
import type { ObserverStopReason } from './observer-close-policy'
import {
  ObserverSocket,
  type ObserverFrame,
  type ObserverSocketOptions,
  type ObserverStatus,
} from './observer-socket'
import { PlatformClient } from './platform-client'
import type { ActiveSession } from './rest'

export type { ObserverBackfill } from './call-backfills'

/** A call's observer status, plus waiting for a free slot under the cap. */
export type ObservedCallStatus = ObserverStatus | { state: 'queued'; position: number }

/** What `observe` did. */
export type ObserveOutcome =
  | 'observing'
  | 'queued'
  /** Observed or queued already: `observe` is idempotent. */
  | 'already'
  /** The call was observed to its end or released; a replayed `call.started` does not reopen it. */
  | 'finished'
  /** An observer was refused for the key (expired, revoked, no access): no new observers. */
  | 'suspended'

export interface ObserverPoolOptions {
  baseUrl: string
  workspaceId: string
  apiKey: string
  /** Frames of every observed call, in arrival order per call. Must not throw. */
  onFrame: (frame: ObserverFrame) => void
  onBackfill: (backfill: ObserverBackfill) => void
  onCallStatus?: (callSid: string, status: ObservedCallStatus) => void
  /** An observer was refused for the key: the pool opens no more. Reported once, with why. */
  onSuspended?: (status: Extract<ObserverStatus, { state: 'stopped' }>) => void
  /** A backfill failed after its retries; the error's message is safe to log. */
  onBackfillFailed?: (callSid: string, error: Error) => void
  /**
   * A call's record is not known whole yet (`due`: from the moment it is observed), or now is
   * (`due: false`: its socket delivered everything, or right after the `onBackfill` that filled
   * in the rest): store it with the frames, in order, so that a restart finishes what a killed
   * process left (`completeBackfill`).
   */
  onBackfillDue?: (callSid: string, due: boolean) => void
  /**
   * What a call already has from earlier runs (its stored observer events), read when it is
   * observed, so that a backfill after a restart fills in only what is missing.
   */
  history?: (callSid: string) => Iterable<ObserverEvent>
  /** The largest observer message read (default `DEFAULT_FRAME_LIMITS`). */
  limits?: FrameLimits
  /** Concurrent observer sockets (default 100); past it, calls wait in a queue. */
  maxObservers?: number
  /** For `GET /calls/{id}` and `GET /sessions/active` (default: one built from the options above). */
  client?: PlatformClient
  clock?: Clock
  /** Passed on to each socket (ping interval, handshake limit, jitter). */
  socket?: Pick<
    ObserverSocketOptions,
    'pingIntervalMs' | 'handshakeTimeoutMs' | 'maxUnknownCallRetries' | 'random'
  >
}

interface ObservedCall extends BackfillTarget {
  socket: ObserverSocket
  /** The call has stretches no socket delivered (observed late, or a connection lost). */
  hadGap: boolean
  /** Some frame arrived: the call was observable at all. */
  delivered: boolean
  /** Set on connect: the next frame (`session_info`) shows the socket is back. */
  awaitingFirstFrame: boolean
  done: boolean
  /** After `call.ended`: cancels the grace before the observer is released. */
  cancelGrace: (() => void) | null
}

/** A key refused for one call is refused for all: these stop the pool opening more sockets. */
const KEY_REASONS: ReadonlySet<ObserverStopReason> = new Set([
  'credentials_rejected',
  'key_expired',
  'forbidden',
  'unauthorized',
  'invalid_api_key',
])
/** Finished calls remembered, so replayed workspace events do not reopen them. */
const FINISHED_REMEMBERED = 5000
/**
 * How long an observer stays open after `call.ended`, waiting for the socket's own end. The two
 * streams are separate connections: the platform sends `session_end` just before `call.ended`,
 * but the socket's last frames can arrive after the workspace event, and closing at once would
 * lose them.
 */
export const END_GRACE_MS = 5000

/**
 * Auto-observe. The recorder feeds it every workspace event (`handleWorkspaceEvent`: a
 * `call.started` opens an observer, a `call.ended` releases it) and calls `observeActiveSessions()`
 * at start-up; `observe`/`release` are there for a UI that picks calls by hand.
 *
 * At the cap, calls wait in a FIFO queue and are observed as slots free up, rather than being
 * skipped: a recorder should hold every call it can, and a queued call's start is filled in from
 * REST once it is observed. Calls observed late (queued, or already live at start-up) and calls
 * whose socket dropped mid-session are backfilled from `GET /calls/{id}` when their socket is
 * back (its first frame) or their session is over; only parts not delivered are emitted.
 */
export class ObserverPool {
  readonly #options: ObserverPoolOptions
  readonly #client: PlatformClient
  readonly #clock: Clock
  readonly #max: number
  readonly #active = new Map<string, ObservedCall>()
  readonly #queue: string[] = []
  readonly #finished = new Set<string>()
  readonly #pending = new Set<Promise<void>>()
  readonly #abort = new AbortController()
  readonly #backfills: CallBackfills
  #suspended: Extract<ObserverStatus, { state: 'stopped' }> | null = null
  #closed = false

  constructor(options: ObserverPoolOptions) {
    this.#options = options
    this.#client = options.client ?? new PlatformClient(options)
    this.#clock = options.clock ?? systemClock
    this.#max = Math.max(1, options.maxObservers ?? 100)
    this.#backfills = new CallBackfills({
      ...options,
      client: this.#client,
      clock: this.#clock,
      signal: this.#abort.signal,
    })
  }

  get observingCount(): number {
    return this.#active.size
  }

  get queuedCount(): number {
    return this.#queue.length
  }

  /** Why the pool stopped opening observers, or null. */
  get suspendedReason(): ObserverStopReason | null {
    return this.#suspended?.reason ?? null
  }

  handleWorkspaceEvent(event: WorkspaceEvent): void {
    if (event.event_type === 'call.started') this.observe(event.call_sid)
    else if (event.event_type === 'call.ended') this.#releaseSoon(event.call_sid)
  }

  /**
   * A call ended: its observer closes with its socket's own end, or after a short grace. A call
   * this pool never saw was live while nothing observed it (a restart, a long outage): its whole
   * record comes from REST.
   */
  #releaseSoon(callSid: string): void {
    const call = this.#active.get(callSid)
    if (!call) {
      const unseen = !this.#queue.includes(callSid) && !this.#finished.has(callSid)
      this.release(callSid)
      if (unseen && !this.#suspended) this.completeBackfill(callSid)
      return
    }
    if (call.cancelGrace !== null) return
    call.cancelGrace = this.#clock.setTimer(END_GRACE_MS, () => {
      call.cancelGrace = null
      if (!call.done) this.release(callSid)
    })
  }

  /**
   * Observes every session live now (`GET sessions/active`), backfilled from their start (what a
   * call already has is not filled in twice); returns them.
   */
  async observeActiveSessions(): Promise<ActiveSession[]> {
    const sessions = await this.#client.activeSessions({ signal: this.#abort.signal })
    for (const session of sessions) this.observe(session.call_sid, { late: true })
    return sessions
  }

  /** Opens an observer for the call, or queues it at the cap. `late`: it began before this. */
  observe(callSid: string, options: { late?: boolean } = {}): ObserveOutcome {
    if (this.#closed) return 'finished'
    if (this.#active.has(callSid) || this.#queue.includes(callSid)) return 'already'
    if (this.#finished.has(callSid)) return 'finished'
    if (this.#suspended) {
      this.#options.onCallStatus?.(callSid, this.#suspended)
      return 'suspended'
    }
    if (this.#active.size >= this.#max) {
      this.#queue.push(callSid)
      this.#options.onCallStatus?.(callSid, { state: 'queued', position: this.#queue.length })
      return 'queued'
    }
    this.#open(callSid, options.late ?? false)
    return 'observing'
  }

  /** Closes the call's observer (or takes it out of the queue). */
  release(callSid: string): void {
    const queued = this.#queue.indexOf(callSid)
    if (queued !== -1) {
      this.#queue.splice(queued, 1)
      this.#remember(callSid)
      return
    }
    const call = this.#active.get(callSid)
    if (!call) return
    this.#finish(call)
    this.#track(call.socket.stop())
  }

  /** Stops every observer and backfill; nothing is reported after it resolves. */
  async close(): Promise<void> {
    this.#closed = true
    this.#abort.abort()
    this.#queue.length = 0
    const calls = [...this.#active.values()]
    for (const call of calls) call.cancelGrace?.()
    this.#active.clear()
    await Promise.all([...calls.map((call) => call.socket.stop()), ...this.#pending])
  }

  /**
   * Completes the record of a call that is not live any more from `GET /calls/{id}` (one a killed
   * recorder left due): what the database holds is not filled in again.
   */
  completeBackfill(callSid: string): void {
    if (this.#closed || this.#active.has(callSid) || this.#queue.includes(callSid)) return
    this.#remember(callSid)
    const ledger = this.#backfills.ledgerOf(callSid)
    this.#backfill({ callSid, ledger, backfills: Promise.resolve() }, null)
  }

  #gap(call: ObservedCall): void {
    call.hadGap = true
  }

  #open(callSid: string, late: boolean): void {
    const call: ObservedCall = {
      callSid,
      ledger: this.#backfills.ledgerOf(callSid),
      hadGap: false,
      delivered: false,
      awaitingFirstFrame: false,
      done: false,
      backfills: Promise.resolve(),
      cancelGrace: null,
      socket: new ObserverSocket({
        ...this.#options.socket,
        baseUrl: this.#options.baseUrl,
        workspaceId: this.#options.workspaceId,
        apiKey: this.#options.apiKey,
        callSid,
        clock: this.#clock,
        limits: this.#options.limits,
        onFrame: (frame) => {
          this.#onFrame(call, frame)
        },
        onStatus: (status) => {
          this.#onStatus(call, status)
        },
        onGap: () => {
          this.#gap(call)
        },
      }),
    }
    this.#active.set(callSid, call)
    // Due until the call's record is known whole: a recorder killed before then finishes it on
    // its next start.
    this.#options.onBackfillDue?.(callSid, true)
    if (late) this.#gap(call)
    call.socket.start()
  }

  #onFrame(call: ObservedCall, frame: ObserverFrame): void {
    if (this.#closed) return
    call.ledger.addFrame(frame)
    this.#options.onFrame(frame)
    call.delivered = true
    if (call.awaitingFirstFrame) {
      call.awaitingFirstFrame = false
      // What was said before this connection opened, now; the rest once the call is over. The
      // connect snapshot says how old the call was then, on the platform's own clock.
      const age = callAgeOf(frame)
      if (call.hadGap && age !== null) this.#backfill(call, age)
    }
  }

  #onStatus(call: ObservedCall, status: ObserverStatus): void {
    if (this.#closed) return
    this.#options.onCallStatus?.(call.callSid, status)
    if (status.state === 'connected') call.awaitingFirstFrame = true
    if (status.state !== 'ended' && status.state !== 'stopped') return
    if (status.state === 'stopped' && KEY_REASONS.has(status.reason)) this.#suspend(status)
    this.#finish(call)
  }

  #finish(call: ObservedCall): void {
    if (call.done) return
    call.done = true
    call.cancelGrace?.()
    call.cancelGrace = null
    this.#active.delete(call.callSid)
    this.#remember(call.callSid)
    // The whole record, once the socket has nothing left in flight: what was missed, or all of
    // it for a call no socket ever delivered (it ended before it could be observed).
    if (!call.delivered) this.#gap(call)
    if (call.hadGap) this.#backfill(call, null)
    else this.#options.onBackfillDue?.(call.callSid, false)
    this.#drainQueue()
  }

  #suspend(status: Extract<ObserverStatus, { state: 'stopped' }>): void {
    if (this.#suspended) return
    this.#suspended = status
    this.#options.onSuspended?.(status)
    for (const callSid of this.#queue.splice(0)) {
      this.#options.onCallStatus?.(callSid, this.#suspended)
    }
  }

  #drainQueue(): void {
    while (!this.#closed && !this.#suspended && this.#active.size < this.#max) {
      const next = this.#queue.shift()
      if (next === undefined) return
      // It waited: its first turns were spoken before anyone listened.
      this.#open(next, true)
    }
  }

  #backfill(call: BackfillTarget, connectedAgeS: number | null): void {
    this.#track(this.#backfills.run(call, connectedAgeS))
  }

  #track(promise: Promise<void>): void {
    this.#pending.add(promise)
    void promise.finally(() => this.#pending.delete(promise))
  }

  #remember(callSid: string): void {
    this.#finished.add(callSid)
    if (this.#finished.size > FINISHED_REMEMBERED) {
      const oldest = this.#finished.values().next().value
      if (oldest !== undefined) this.#finished.delete(oldest)
    }
  }
}
