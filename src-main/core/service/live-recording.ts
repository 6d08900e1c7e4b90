import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import type {
  ConnectionStatus,
  LiveSnapshot,
  Names,
  PushMessage,
  RecordedSession,
  RecordingHealth,
  SessionPage,
  SessionPageRequest,
} from '../../api'
import { LiveWorkspace } from '../live'
import { PlatformClient } from '../platform'
import type { RecordedEvent } from '../records'
import { Recorder } from '../recorder/recorder'
import { DatabaseUnavailableError, SessionStore, type SessionSummary } from '../store'
import { ApiFailure } from './api-failure'
import { connectionStatusOf } from './connection-status'
import { NameDirectory } from './name-directory'
import { HealthState } from './recording-health'
import { startFailure } from './start-failure'

export interface RecordingTarget {
  baseUrl: string
  workspaceId: string
  apiKey: string
}

export interface LiveRecordingOptions {
  target: RecordingTarget
  databaseFile: string
  passphrase: string
  /** The data folder, where the name directory keeps its cache. */
  dataDir: string
  /** What the app calls this workspace. */
  workspaceName: string
  emit: (message: PushMessage) => void
  /** Never carries PHI. */
  log: (line: string) => void
  /** How often the names are refreshed (default five minutes); tests shorten it. */
  namesRefreshMs?: number
}

/** Events that open or end a session in the database: the Library's list changes. */
const sessionEvents: ReadonlySet<string> = new Set([
  'call.started',
  'call.ended',
  'text.started',
  'text.completed',
  'session_start',
  'session_end',
])

/** A Library on screen reloads at most this often while sessions come and go. */
const SESSIONS_PUSH_MS = 1000

/**
 * One workspace being recorded: the encrypted store, the recorder and the live model the views
 * read. Events reach the live model as they are received; its changes are pushed once per turn of
 * the event loop, so a burst of frames costs one push per channel, not one per frame.
 */
export class LiveRecording {
  readonly #options: LiveRecordingOptions
  readonly #store: SessionStore
  readonly #live = new LiveWorkspace()
  readonly #recorder: Recorder
  readonly #names: NameDirectory
  readonly #health = new HealthState()
  #connection: ConnectionStatus = { state: 'connecting' }
  /** When the stream last connected: the live-call list asked for then is no older. */
  #connectedAt = Date.now()
  #flush: NodeJS.Immediate | null = null
  /** A session started or ended since the last push of `sessions.changed`. */
  #sessionsChanged = false
  #sessionsTimer: NodeJS.Timeout | null = null
  #lastSessionsPush = Number.NEGATIVE_INFINITY

  private constructor(options: LiveRecordingOptions, store: SessionStore) {
    this.#options = options
    this.#store = store
    this.#names = new NameDirectory({
      dataDir: options.dataDir,
      workspaceId: options.target.workspaceId,
      workspaceName: options.workspaceName,
      source: new PlatformClient({ ...options.target, timeoutMs: 15_000 }),
      onChange: (names) => {
        options.emit({ event: 'names.changed', payload: names })
      },
      log: options.log,
      refreshMs: options.namesRefreshMs,
    })
    this.#recorder = new Recorder({
      ...options.target,
      store,
      observe: 'auto',
      onReceived: (event) => {
        this.#onReceived(event)
      },
      onStreamStatus: (status) => {
        if (status.state === 'connected') this.#connectedAt = Date.now()
        this.#setConnection(connectionStatusOf(status))
      },
      onActiveSessions: (sessions) => {
        this.#live.reconcile(
          sessions.map((session) => session.call_sid),
          this.#connectedAt,
        )
        this.#schedulePush()
      },
      onCommitted: () => {
        if (this.#sessionsChanged) this.#scheduleSessionsPush()
      },
      onObserversSuspended: (message) => {
        options.log(`Observers suspended: ${message}`)
        this.#setHealth(this.#health.observersSuspended(message))
      },
      onStorage: (storage) => {
        options.log(
          storage.state === 'saving'
            ? 'Saving events again.'
            : `Saving events failed (${storage.waiting} waiting, retrying): ${storage.message}`,
        )
        this.#setHealth(this.#health.storage(storage))
      },
      onBackfillProblem: (problem) => {
        this.#setHealth(this.#health.backfillProblem(problem, Date.now()))
      },
      onNotice: (message) => {
        options.log(message)
      },
    })
  }

  /**
   * Opens the database and starts recording. Fails with an `ApiFailure` the user can act on: the
   * database cannot be opened, the key is rejected, the platform cannot be reached.
   */
  static async start(options: LiveRecordingOptions): Promise<LiveRecording> {
    const store = openStore(options.databaseFile, options.passphrase)
    const recording = new LiveRecording(options, store)
    try {
      await recording.#recorder.start()
    } catch (error) {
      await recording.stop()
      throw startFailure(error)
    }
    recording.#names.start()
    return recording
  }

  get connection(): ConnectionStatus {
    return this.#connection
  }

  snapshot(): LiveSnapshot {
    return { connection: this.#connection, health: this.#health.current, ...this.#live.snapshot() }
  }

  names(): Names {
    return this.#names.names()
  }

  /** A page of the recorded sessions, newest first (one indexed query, a bounded page). */
  sessions(request: SessionPageRequest): SessionPage {
    const limit = request.limit ?? 50
    let rows: SessionSummary[]
    try {
      rows = this.#store.listSessions({ limit: limit + 1, offset: request.offset ?? 0 })
    } catch (error) {
      if (error instanceof DatabaseUnavailableError) {
        throw new ApiFailure('database-unavailable', error.message)
      }
      throw error
    }
    return {
      sessions: rows.slice(0, limit).map(recordedSession),
      hasMore: rows.length > limit,
      open: true,
    }
  }

  dismissBackfillProblems(): RecordingHealth {
    const health = this.#health.dismissBackfill()
    if (health !== null) this.#options.emit({ event: 'recording.health', payload: health })
    return this.#health.current
  }

  retryNow(): ConnectionStatus {
    this.#recorder.retryNow()
    return this.#connection
  }

  /** Stops receiving and commits everything received; the live views are emptied. */
  async stop(): Promise<void> {
    try {
      await this.#recorder.stop()
    } finally {
      this.#names.stop()
      if (this.#flush !== null) clearImmediate(this.#flush)
      if (this.#sessionsTimer !== null) clearTimeout(this.#sessionsTimer)
      this.#flush = null
      this.#sessionsTimer = null
      this.#store.close()
      this.#live.clear()
    }
  }

  #onReceived(event: RecordedEvent): void {
    this.#live.apply(event)
    if (sessionEvents.has(event.type)) this.#sessionsChanged = true
    this.#schedulePush()
  }

  #schedulePush(): void {
    this.#flush ??= setImmediate(() => {
      this.#pushChanges()
    })
  }

  /** After the commit that holds them; at most once a second while sessions keep changing. */
  #scheduleSessionsPush(): void {
    if (this.#sessionsTimer !== null) return
    const wait = Math.max(0, this.#lastSessionsPush + SESSIONS_PUSH_MS - Date.now())
    this.#sessionsTimer = setTimeout(() => {
      this.#sessionsTimer = null
      this.#sessionsChanged = false
      this.#lastSessionsPush = Date.now()
      this.#options.emit({ event: 'sessions.changed', payload: null })
    }, wait)
  }

  #setConnection(status: ConnectionStatus): void {
    this.#connection = status
    this.#options.emit({ event: 'connection.status', payload: status })
  }

  #setHealth(health: RecordingHealth): void {
    this.#options.emit({ event: 'recording.health', payload: health })
  }

  #pushChanges(): void {
    this.#flush = null
    const changes = this.#live.takeChanges()
    if (changes === null) return
    const { emit } = this.#options
    if (changes.feed.length > 0) emit({ event: 'feed.appended', payload: changes.feed })
    if (changes.calls.upserted.length > 0 || changes.calls.removed.length > 0) {
      emit({ event: 'calls.changed', payload: changes.calls })
    }
    if (changes.escalations.length > 0) {
      emit({ event: 'escalations.changed', payload: changes.escalations })
    }
    for (const escalation of changes.raised)
      emit({ event: 'escalation.raised', payload: escalation })
    if (changes.operators.length > 0)
      emit({ event: 'operators.changed', payload: changes.operators })
    this.#names.noteIds(
      changes.calls.upserted.map((call) => call.serviceId),
      [
        ...changes.operators.map((operator) => operator.operatorId),
        ...changes.escalations.map((item) => item.operatorId),
      ],
    )
  }
}

function recordedSession(summary: SessionSummary): RecordedSession {
  return {
    key: summary.key,
    kind: summary.kind,
    startedAt: summary.startedAt,
    endedAt: summary.endedAt,
    durationS: summary.durationS,
    direction: summary.direction,
    serviceId: summary.serviceId,
    channel: summary.channel,
    turns: summary.turns,
    completionReason: summary.completionReason,
    escalated: summary.escalated,
  }
}

function openStore(file: string, passphrase: string): SessionStore {
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 })
    return SessionStore.open({ file, passphrase })
  } catch (error) {
    if (error instanceof DatabaseUnavailableError) {
      throw new ApiFailure('database-unavailable', error.message)
    }
    throw error
  }
}
