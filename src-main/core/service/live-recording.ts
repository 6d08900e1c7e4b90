import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import {
  healthyRecording,
  type ConnectionStatus,
  type LiveSnapshot,
  type PushMessage,
  type RecordingHealth,
} from '../../api'
import { LiveWorkspace } from '../live'
import { CredentialsRejectedError, PlatformError } from '../platform'
import { Recorder } from '../recorder/recorder'
import { DatabaseUnavailableError, SessionStore } from '../store'
import { ApiFailure } from './api-failure'
import { connectionStatusOf } from './connection-status'

export interface RecordingTarget {
  baseUrl: string
  workspaceId: string
  apiKey: string
}

export interface LiveRecordingOptions {
  target: RecordingTarget
  databaseFile: string
  passphrase: string
  emit: (message: PushMessage) => void
  /** Never carries PHI. */
  log: (line: string) => void
}

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
  #connection: ConnectionStatus = { state: 'connecting' }
  #health: RecordingHealth = healthyRecording
  #flush: NodeJS.Immediate | null = null

  private constructor(options: LiveRecordingOptions, store: SessionStore) {
    this.#options = options
    this.#store = store
    this.#recorder = new Recorder({
      ...options.target,
      store,
      observe: 'auto',
      onReceived: (event) => {
        this.#live.apply(event)
        this.#flush ??= setImmediate(() => {
          this.#pushChanges()
        })
      },
      onStreamStatus: (status) => {
        this.#setConnection(connectionStatusOf(status))
      },
      onObserversSuspended: (message) => {
        options.log(`Observers suspended: ${message}`)
        this.#setHealth({ ...this.#health, observers: { state: 'suspended', message } })
      },
      onStorage: (storage) => {
        options.log(
          storage.state === 'saving'
            ? 'Saving events again.'
            : `Saving events failed (${storage.waiting} waiting, retrying): ${storage.message}`,
        )
        this.#setHealth({ ...this.#health, storage })
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
    return recording
  }

  get connection(): ConnectionStatus {
    return this.#connection
  }

  snapshot(): LiveSnapshot {
    return { connection: this.#connection, health: this.#health, ...this.#live.snapshot() }
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
      if (this.#flush !== null) clearImmediate(this.#flush)
      this.#flush = null
      this.#store.close()
      this.#live.clear()
    }
  }

  #setConnection(status: ConnectionStatus): void {
    this.#connection = status
    this.#options.emit({ event: 'connection.status', payload: status })
  }

  #setHealth(health: RecordingHealth): void {
    this.#health = health
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

/** What the user is told when recording cannot start. */
export function startFailure(error: unknown): unknown {
  if (error instanceof CredentialsRejectedError) {
    return new ApiFailure('credentials-rejected', error.message)
  }
  if (error instanceof PlatformError) {
    return new ApiFailure(
      'workspace-unreachable',
      `${error.message} Check the base URL and your network, then try again.`,
    )
  }
  return error
}
