import { join } from 'node:path'
import {
  healthyRecording,
  noNames,
  type AppHandlers,
  type AppState,
  type ConnectionStatus,
  type LiveSnapshot,
  type PushMessage,
  type WorkspaceConnection,
  type WorkspaceInfo,
} from '../../api'
import { SettingsFile } from '../config/settings'
import { ApiFailure } from './api-failure'
import { checkWorkspace } from './check-workspace'
import { DatabaseKeys } from './database-keys'
import type { KeyVault } from './key-vault'
import { LiveRecording, type RecordingTarget } from './live-recording'
import { defaultWorkspaceName, NameDirectory } from './name-directory'
import { startFailure } from './start-failure'

export interface AppServiceOptions {
  /** Where settings and the session databases live (Electron's userData in the desktop app). */
  dataDir: string
  vault: KeyVault
  transport: 'electron' | 'browser'
  /** One line per notable thing; never carries PHI. */
  log?: (line: string) => void
  /**
   * Starts the bundled simulator for "Explore the demo workspace" (`simulator/demo-platform`;
   * injected, so the core does not depend on the simulator, and tests can speed it up).
   */
  demoPlatform: () => Promise<DemoPlatform>
  /** How long to wait before trying again to resume a workspace the platform did not answer for. */
  resumeRetryMs?: number
  /** How often service and operator names are refreshed (default five minutes). */
  namesRefreshMs?: number
}

/** What the demo workspace is called wherever the app names it. */
export const DEMO_WORKSPACE_NAME = 'Demo workspace'

/** A workspace to record that this process started, and stops when recording stops. */
export type DemoPlatform = RecordingTarget & { close(): Promise<void> }

const idle: ConnectionStatus = { state: 'idle' }

/**
 * The core as the UI sees it: implements the API contract once, for both transports. It owns the
 * one recording (a workspace or the demo) and keeps recording whatever the user looks at.
 */
export class AppService {
  readonly handlers: AppHandlers
  readonly #options: AppServiceOptions
  readonly #settings: SettingsFile
  readonly #log: (line: string) => void
  readonly #listeners = new Set<(message: PushMessage) => void>()
  #setup: AppState['setup'] = 'none'
  #workspace: WorkspaceInfo | null = null
  #recording: LiveRecording | null = null
  #demo: DemoPlatform | null = null
  readonly #keys: DatabaseKeys
  #connection: ConnectionStatus = idle
  #warnings: string[] = []
  /** Commands that change what is recorded run one at a time, in order. */
  #changes: Promise<unknown> = Promise.resolve()
  #resumeTimer: NodeJS.Timeout | null = null
  #closed = false

  private constructor(options: AppServiceOptions) {
    this.#options = options
    this.#settings = new SettingsFile(options.dataDir)
    this.#log = options.log ?? (() => undefined)
    this.#keys = new DatabaseKeys(options.vault, options.dataDir)
    this.handlers = {
      'app.getState': () => Promise.resolve(this.#state()),
      'workspace.check': (credentials) => checkWorkspace(credentials),
      'workspace.connect': (credentials) => this.#serialized(() => this.#connect(credentials)),
      'workspace.disconnect': () => this.#serialized(() => this.#disconnect()),
      'demo.start': () => this.#serialized(() => this.#startDemo()),
      'live.getSnapshot': () => Promise.resolve(this.#snapshot()),
      'connection.retryNow': () => Promise.resolve(this.#retryNow()),
      'names.get': () => Promise.resolve(this.#recording?.names() ?? noNames),
      'sessions.list': (page) =>
        Promise.resolve(
          this.#recording?.sessions(page) ?? { sessions: [], hasMore: false, open: false },
        ),
      'recording.dismissBackfillProblems': () =>
        Promise.resolve(this.#recording?.dismissBackfillProblems() ?? healthyRecording),
    }
  }

  /** Loads the settings and resumes recording what was recorded last time, in the background. */
  static create(options: AppServiceOptions): Promise<AppService> {
    const service = new AppService(options)
    service.#resumeFromSettings()
    return Promise.resolve(service)
  }

  subscribe(listener: (message: PushMessage) => void): () => void {
    this.#listeners.add(listener)
    return () => {
      this.#listeners.delete(listener)
    }
  }

  /** Stops recording, committing everything received. */
  async close(): Promise<void> {
    this.#closed = true
    await this.#serialized(() => this.#stopRecording())
    this.#listeners.clear()
  }

  #emit(message: PushMessage): void {
    if (message.event === 'connection.status') this.#connection = message.payload
    for (const listener of this.#listeners) listener(message)
  }

  #state(): AppState {
    return {
      setup: this.#setup,
      workspace: this.#workspace,
      keyProtection: this.#options.vault.protection,
      warnings: [...this.#warnings],
      transport: this.#options.transport,
    }
  }

  #snapshot(): LiveSnapshot {
    if (this.#recording) return this.#recording.snapshot()
    return {
      connection: this.#connection,
      health: healthyRecording,
      calls: [],
      escalations: [],
      operators: [],
      feed: [],
    }
  }

  #serialized<T>(change: () => Promise<T>): Promise<T> {
    const run = this.#changes.then(change)
    this.#changes = run.catch(() => undefined)
    return run
  }

  #publishState(): AppState {
    const state = this.#state()
    this.#emit({ event: 'app.state', payload: state })
    return state
  }

  async #connect(connection: WorkspaceConnection): Promise<AppState> {
    const { name: given, ...credentials } = connection
    const check = await checkWorkspace(credentials)
    const passphrase = this.#keys.workspace()
    await this.#stopRecording()
    const target = { ...credentials, baseUrl: credentials.baseUrl.trim() }
    const name =
      given !== undefined && given !== ''
        ? given
        : this.#savedName(target.baseUrl, target.workspaceId)
    await this.#record(target, join(this.#options.dataDir, 'sessions.db'), passphrase, name)
    this.#options.vault.write('api-key', credentials.apiKey)
    this.#settings.write({
      setup: 'workspace',
      workspace: { baseUrl: target.baseUrl, workspaceId: target.workspaceId },
    })
    this.#setup = 'workspace'
    this.#workspace = {
      baseUrl: target.baseUrl,
      workspaceId: target.workspaceId,
      name,
      keyExpiresAt: check.keyExpiresAt,
    }
    this.#warnings = []
    this.#log(`Recording workspace ${target.workspaceId}.`)
    return this.#publishState()
  }

  async #disconnect(): Promise<AppState> {
    await this.#stopRecording()
    this.#options.vault.remove('api-key')
    this.#settings.write({ setup: 'none', workspace: null })
    this.#setup = 'none'
    this.#workspace = null
    this.#warnings = []
    this.#emit({ event: 'connection.status', payload: idle })
    return this.#publishState()
  }

  async #startDemo(): Promise<AppState> {
    await this.#stopRecording()
    const demo = await this.#options.demoPlatform()
    this.#demo = demo
    try {
      await this.#record(
        demo,
        join(this.#options.dataDir, 'demo.db'),
        this.#keys.demo(),
        DEMO_WORKSPACE_NAME,
      )
    } catch (error) {
      await this.#stopRecording()
      throw error
    }
    this.#settings.write({ setup: 'demo', workspace: null })
    this.#setup = 'demo'
    this.#workspace = {
      baseUrl: demo.baseUrl,
      workspaceId: demo.workspaceId,
      name: DEMO_WORKSPACE_NAME,
      keyExpiresAt: null,
    }
    this.#warnings = []
    this.#log(`Recording the demo workspace (simulator at ${demo.baseUrl}).`)
    return this.#publishState()
  }

  /** The name this workspace was given before, else one made of its address and id. */
  #savedName(baseUrl: string, workspaceId: string): string {
    return (
      NameDirectory.savedWorkspaceName(this.#options.dataDir, workspaceId) ??
      defaultWorkspaceName(baseUrl, workspaceId)
    )
  }

  async #record(
    target: RecordingTarget,
    databaseFile: string,
    passphrase: string,
    workspaceName: string,
  ): Promise<void> {
    this.#emit({ event: 'connection.status', payload: { state: 'connecting' } })
    try {
      this.#recording = await LiveRecording.start({
        target,
        databaseFile,
        passphrase,
        dataDir: this.#options.dataDir,
        workspaceName,
        namesRefreshMs: this.#options.namesRefreshMs,
        emit: (message) => {
          this.#emit(message)
        },
        log: this.#log,
      })
    } catch (error) {
      this.#emit({ event: 'connection.status', payload: idle })
      throw error
    }
  }

  async #stopRecording(): Promise<void> {
    this.#cancelResume()
    const recording = this.#recording
    const demo = this.#demo
    this.#recording = null
    this.#demo = null
    try {
      await recording?.stop()
    } finally {
      await demo?.close()
    }
  }

  #retryNow(): ConnectionStatus {
    if (this.#recording) return this.#recording.retryNow()
    if (this.#resumeTimer !== null) {
      this.#cancelResume()
      this.#resumeFromSettings()
    }
    return this.#connection
  }

  /** Picks up what the last run recorded. Failures become the connection status, not errors. */
  #resumeFromSettings(): void {
    const settings = this.#settings.read()
    let apiKey: string | null
    try {
      apiKey = this.#options.vault.read('api-key')
    } catch (error) {
      // The keychain could not give the key back (it changed, say): connect again, not a crash.
      this.#warnings = [messageOf(error)]
      return
    }
    if (settings.setup === 'demo') {
      void this.#serialized(() => this.#startDemo()).catch((error: unknown) => {
        this.#log(`The demo workspace could not start: ${messageOf(error)}`)
        this.#setup = 'none'
        this.#publishState()
      })
      return
    }
    if (settings.setup !== 'workspace' || settings.workspace === null) return
    if (apiKey === null) {
      this.#warnings = [
        'The API key of the last workspace is not kept in this mode: connect again to go on recording.',
      ]
      return
    }
    const credentials = { ...settings.workspace, apiKey }
    const name = this.#savedName(settings.workspace.baseUrl, settings.workspace.workspaceId)
    this.#setup = 'workspace'
    this.#workspace = { ...settings.workspace, name, keyExpiresAt: null }
    void this.#serialized(async () => {
      if (this.#closed) return
      try {
        await this.#record(
          credentials,
          join(this.#options.dataDir, 'sessions.db'),
          this.#keys.workspace(),
          name,
        )
      } catch (error) {
        this.#onResumeFailed(startFailure(error))
      }
    })
  }

  #onResumeFailed(error: unknown): void {
    const message = messageOf(error)
    this.#log(`Resuming the workspace failed: ${message}`)
    if (error instanceof ApiFailure && error.code === 'workspace-unreachable') {
      const delay = this.#options.resumeRetryMs ?? 30_000
      this.#emit({
        event: 'connection.status',
        payload: {
          state: 'offline',
          message,
          action: "Check this computer's network connection; Call Observer keeps trying.",
          retryAt: Date.now() + delay,
        },
      })
      this.#resumeTimer = setTimeout(() => {
        this.#resumeTimer = null
        this.#resumeFromSettings()
      }, delay)
      return
    }
    const payload: ConnectionStatus =
      error instanceof ApiFailure && error.code === 'credentials-rejected'
        ? {
            state: 'rejected',
            message,
            action: 'Open Settings and connect again with a valid API key.',
          }
        : {
            state: 'offline',
            message,
            action: 'Fix the cause, then choose "Retry now".',
            retryAt: null,
          }
    this.#emit({ event: 'connection.status', payload })
  }

  #cancelResume(): void {
    if (this.#resumeTimer !== null) clearTimeout(this.#resumeTimer)
    this.#resumeTimer = null
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
