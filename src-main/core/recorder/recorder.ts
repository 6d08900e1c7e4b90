import type { FrameLimits, ObserverEvent } from '../events'
import {
  CredentialsRejectedError,
  type ActiveSession,
  type Clock,
  ObserverPool,
  PlatformClient,
  systemClock,
  WorkspaceStream,
  type ObserverBackfill,
  type ObserverFrame,
  type WorkspaceStreamFrame,
  type WorkspaceStreamStatus,
} from '../platform'
import type { RecordedEvent } from '../records'
import {
  BatchedWriter,
  type BatchSink,
  type CommittedReport,
  type EventSelector,
  type StoredEvent,
} from '../store'
import { observerRecord, workspaceRecord } from './frame-records'
import { LiveCalls } from './live-calls'

/** Where the recorder writes: a `SessionStore`, or one in a worker thread (`WorkerStore`). */
export type RecordingStore = BatchSink & {
  /** The highest SSE id stored: where the stream resumes. */
  cursor(): string | null
  /** Stored events, for what a call already has when it is observed again after a restart. */
  events(selector: EventSelector): Iterable<StoredEvent>
  /** Calls a backfill is still owed to (an earlier run was stopped before it finished). */
  backfillsDue(): readonly string[]
}

export interface RecorderOptions {
  baseUrl: string
  workspaceId: string
  apiKey: string
  store: RecordingStore
  /** `auto`: observe every call as it starts and every call live at start-up. */
  observe: 'auto' | 'off'
  maxObservers?: number
  /** How long a received frame may wait before its batch commits (default 50 ms). */
  tickMs?: number
  /** After every commit: what is now durably stored. */
  onCommitted?: (progress: RecorderProgress) => void
  onStreamStatus?: (status: WorkspaceStreamStatus) => void
  /**
   * Every event as it is received (before it is committed), in order, once, for live views:
   * frames the stream replays after a reconnect are not passed again. Malformed frames go to
   * quarantine only.
   */
  onReceived?: (event: RecordedEvent) => void
  /** Why observers can no longer open (an expired or revoked key), once. */
  onObserversSuspended?: (message: string) => void
  /** Whether received frames reach the database: on every failed commit, and on recovery. */
  onStorage?: (status: StorageStatus) => void
  /**
   * A call's missed stretch could not be filled in from REST (after retries), or only in part:
   * `message` says what and what it means, never with PHI.
   */
  onBackfillProblem?: (problem: { callSid: string; message: string }) => void
  /**
   * The calls live now, as `GET sessions/active` lists them after every reconnect of the stream:
   * calls that ended while it was down are not among them.
   */
  onActiveSessions?: (sessions: readonly ActiveSession[]) => void
  /** Anything else worth a line on a status display; never carries PHI. */
  onNotice?: (message: string) => void
  /** The frame size and nesting limits (default `DEFAULT_FRAME_LIMITS`). */
  limits?: FrameLimits
  /** Time for the reconnect policy and watchdogs (tests compress it). */
  clock?: Clock
}

export interface RecorderProgress {
  /** Events durably stored by this recorder (duplicates from replays not counted). */
  stored: number
  quarantined: number
  duplicates: number
  /** Frames that could be stored neither as events nor in quarantine (see AppendResult). */
  lost: number
  /** The stream cursor now stored. */
  cursor: string | null
  observing: number
}

/**
 * Whether what arrives reaches the database. While commits fail (a full disk, say), every frame
 * received waits in memory, in order, the stream stops reading past `PAUSE_READING_AT`, and the
 * commit is retried: nothing received is lost.
 */
export type StorageStatus =
  | { state: 'saving' }
  /** `message` says what happened and what to do (never PHI); `waiting`: frames not yet saved. */
  | { state: 'failing'; message: string; waiting: number; since: number }

/**
 * Frames waiting for a commit past which the stream stops reading, and below which it resumes:
 * when the platform sends faster than the disk commits, memory stays bounded and TCP tells the
 * server to wait, instead of the backlog growing without limit.
 */
export const PAUSE_READING_AT = 10_000
const RESUME_READING_AT = 2_500

/** How a recording ended on its own: the platform refused to go on. */
export type RecorderHalt = Extract<WorkspaceStreamStatus, { state: 'stopped' }>

/**
 * Records a workspace: its SSE stream, and (with auto-observe) an observer socket per live call,
 * into the session store. Every frame received is stored exactly once, in order: events (known or
 * not) as events, malformed frames in quarantine. Recording runs until `stop()`, or until the
 * platform refuses it for good (`halted` resolves).
 */
export class Recorder {
  readonly #options: RecorderOptions
  readonly #client: PlatformClient
  readonly #writer: BatchedWriter
  readonly #stream: WorkspaceStream
  readonly #pool: ObserverPool | null
  readonly #halted: Promise<RecorderHalt>
  #halt: (status: RecorderHalt) => void = () => undefined
  #storage: StorageStatus = { state: 'saving' }
  /** Settles when the backlog has drained enough to read again; null while reading freely. */
  #readingPaused: { until: Promise<void>; resume: () => void } | null = null
  #progress: RecorderProgress = {
    stored: 0,
    quarantined: 0,
    duplicates: 0,
    lost: 0,
    cursor: null,
    observing: 0,
  }
  readonly #liveCalls: LiveCalls

  constructor(options: RecorderOptions) {
    this.#options = options
    this.#client = new PlatformClient(options)
    this.#halted = new Promise((resolve) => {
      this.#halt = resolve
    })
    this.#writer = new BatchedWriter(options.store, {
      tickMs: options.tickMs,
      onCommitted: (report) => {
        this.#onCommitted(report)
      },
      onError: (error) => {
        this.#storageFailed(error)
      },
    })
    this.#pool =
      options.observe === 'auto'
        ? new ObserverPool({
            ...options,
            client: this.#client,
            onFrame: (frame) => {
              this.#onObserverFrame(frame, false)
            },
            onBackfill: (backfill) => {
              this.#onBackfill(backfill)
            },
            onSuspended: (status) => {
              options.onObserversSuspended?.(status.message)
            },
            onBackfillFailed: (callSid, error) => {
              this.#backfillProblem(
                callSid,
                `What call ${callSid} said while it was not observed could not be filled in: ${error.message}`,
              )
            },
            history: (callSid) => storedObserverEvents(options.store, callSid),
            onBackfillDue: (callSid, due) => {
              this.#writer.enqueue({
                kind: 'backfill',
                callSid,
                due,
                at: (options.clock ?? systemClock).now(),
              })
            },
          })
        : null
    this.#liveCalls = new LiveCalls({
      list: () => this.#listActiveSessions(),
      clock: options.clock ?? systemClock,
      onListed: (sessions) => {
        this.#guard(() => options.onActiveSessions?.(sessions))
      },
      onFailed: (message) => options.onNotice?.(message),
    })
    this.#stream = new WorkspaceStream({
      ...options,
      cursor: () => options.store.cursor(),
      onFrame: (frame) => {
        this.#onWorkspaceFrame(frame)
      },
      readGate: () => this.#readGate(),
      onStatus: (status) => {
        options.onStreamStatus?.(status)
        if (status.state === 'stopped' && status.reason !== 'closed') this.#halt(status)
        if (status.state === 'connected') this.#liveCalls.connected()
      },
    })
  }

  /** Resolves if the platform stops the recording for good (rejected key, stream cap). */
  get halted(): Promise<RecorderHalt> {
    return this.#halted
  }

  get progress(): RecorderProgress {
    return this.#progress
  }

  /** Frames received and not yet committed. */
  get backlog(): number {
    return this.#writer.pending
  }

  /**
   * Checks the key (`GET /v1/auth/me`), observes the calls live now, then opens the stream.
   * Throws `CredentialsRejectedError` when the platform rejects the key.
   */
  async start(): Promise<void> {
    await this.#client.authMe()
    await this.#liveCalls.listAtStart().catch((error: unknown) => {
      if (error instanceof CredentialsRejectedError) throw error
      this.#options.onNotice?.(`Live calls could not be listed: ${errorMessage(error)}`)
    })
    // Calls an earlier run did not finish filling in (live ones are being observed already).
    if (this.#pool) {
      for (const callSid of this.#options.store.backfillsDue()) this.#pool.completeBackfill(callSid)
    }
    this.#stream.start()
  }

  /** Stops receiving, then commits everything received: nothing received is lost. */
  async stop(): Promise<RecorderProgress> {
    this.#liveCalls.stop()
    this.#readingPaused?.resume()
    await this.#stream.stop()
    await this.#pool?.close()
    await this.#writer.close()
    return this.#progress
  }

  /**
   * Connects the workspace stream now: when it waits to reconnect, or when the platform stopped it
   * (the user fixed the cause). False when it is connected or connecting already.
   */
  retryNow(): boolean {
    if (this.#stream.running) return this.#stream.retryNow()
    this.#stream.start()
    return true
  }

  #onWorkspaceFrame(frame: WorkspaceStreamFrame): void {
    const record = workspaceRecord(frame.result, frame.raw, frame.receivedAt, frame.oversized)
    this.#writer.enqueue(record.record)
    if (frame.replayed) return
    // What views and the pool do with a frame must never cost the stream it came on. (Inline,
    // not through #guard: a closure per frame costs on this path.)
    try {
      if (record.kind === 'event') this.#options.onReceived?.(record.record)
      if (frame.result.kind === 'event') this.#pool?.handleWorkspaceEvent(frame.result.event)
    } catch (error) {
      this.#viewFailed(error)
    }
  }

  #onObserverFrame(frame: ObserverFrame, backfilled: boolean): void {
    const record = observerRecord(frame.result, frame.raw, frame.callSid, frame.receivedAt)
    if (record.kind === 'event') record.record.backfilled = backfilled
    this.#writer.enqueue(record.record)
    if (record.kind !== 'event') return
    try {
      this.#options.onReceived?.(record.record)
    } catch (error) {
      this.#viewFailed(error)
    }
  }

  #onBackfill(backfill: ObserverBackfill): void {
    for (const frame of backfill.frames) this.#onObserverFrame(frame, true)
    if (backfill.unreadable > 0) {
      const items = backfill.unreadable === 1 ? '1 item' : `${backfill.unreadable} items`
      this.#backfillProblem(
        backfill.callSid,
        `${items} of call ${backfill.callSid}'s record from the platform did not have the documented shape and could not be filled in.`,
      )
    }
  }

  /** The calls live now; with auto-observe, each is observed (idempotent). */
  #listActiveSessions(): Promise<ActiveSession[]> {
    return this.#pool ? this.#pool.observeActiveSessions() : this.#client.activeSessions()
  }

  #backfillProblem(callSid: string, message: string): void {
    this.#options.onBackfillProblem?.({ callSid, message })
    this.#options.onNotice?.(message)
  }

  /** Runs a listener; one that throws is reported and the recording goes on. */
  #guard(run: () => void): void {
    try {
      run()
    } catch (error) {
      this.#viewFailed(error)
    }
  }

  #viewFailed(error: unknown): void {
    this.#options.onNotice?.(`A live view failed on one event and skipped it: ${errorName(error)}`)
  }

  #readGate(): Promise<void> | undefined {
    if (this.#readingPaused) return this.#readingPaused.until
    if (this.#writer.pending < PAUSE_READING_AT) return undefined
    let resume: () => void = () => undefined
    const until = new Promise<void>((resolve) => {
      resume = resolve
    })
    this.#readingPaused = { until, resume }
    return until
  }

  #storageFailed(error: unknown): void {
    this.#storage = {
      state: 'failing',
      message: errorMessage(error),
      waiting: this.#writer.pending,
      since:
        this.#storage.state === 'failing'
          ? this.#storage.since
          : (this.#options.clock ?? systemClock).now(),
    }
    this.#options.onStorage?.(this.#storage)
  }

  #onCommitted(report: CommittedReport): void {
    if (this.#storage.state === 'failing') {
      this.#storage = { state: 'saving' }
      this.#options.onStorage?.(this.#storage)
    }
    if (this.#readingPaused && this.#writer.pending < RESUME_READING_AT) {
      this.#readingPaused.resume()
      this.#readingPaused = null
    }
    this.#progress = {
      stored: report.totals.stored,
      quarantined: report.totals.quarantined,
      duplicates: report.totals.duplicates,
      lost: report.totals.lost,
      cursor: report.cursor ?? this.#progress.cursor,
      observing: this.#pool?.observingCount ?? 0,
    }
    this.#options.onCommitted?.(this.#progress)
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** An error's kind, never its message (which could quote the event it failed on). */
function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error
}

/** The observer events stored for a call: what it already has from earlier runs. */
function* storedObserverEvents(store: RecordingStore, callSid: string): Generator<ObserverEvent> {
  for (const event of store.events({ sessionKey: callSid })) {
    // Stored payloads of known observer types are normalized events, written by this recorder.
    if (event.source === 'observer' && event.known) yield event.payload as unknown as ObserverEvent
  }
}
