import type {
  ConnectionStatus,
  EscalationItem,
  FeedItem,
  LiveCall,
  LiveSnapshot,
  Names,
  OperatorState,
  RecordingHealth,
  SessionPage,
} from './live'

/**
 * The one API between the core and the renderer. The core implements it once
 * (`core/service`); Electron IPC and the browser-mode WebSocket carry it unchanged; the renderer's
 * client does not know which transport it got. Method names are `<domain>.<verb>`.
 */

/** Where a workspace is and the key to it, as the user typed them. */
export interface WorkspaceCredentials {
  baseUrl: string
  workspaceId: string
  apiKey: string
}

/** What the user typed to connect: the credentials, and optionally a name for the workspace. */
export interface WorkspaceConnection extends WorkspaceCredentials {
  /** Shown instead of the id; empty or absent: the base URL's host and the id's start. */
  name?: string | undefined
}

/** Which page of the recorded sessions (`limit` 1–200, default 50; `offset` from the newest). */
export interface SessionPageRequest {
  limit?: number | undefined
  offset?: number | undefined
}

/** What `GET /v1/auth/me` said about a key that works. */
export interface WorkspaceCheck {
  workspaceId: string
  keyName: string | null
  /** ISO 8601. */
  keyExpiresAt: string
  keyExpiresInSeconds: number
}

export interface WorkspaceInfo {
  baseUrl: string
  workspaceId: string
  /** What the app calls it: "Demo workspace", the name given at connect time, or a default. */
  name: string
  keyExpiresAt: string | null
}

/**
 * How the secrets (API key, database passphrase) are kept: the OS keychain; the keychain's
 * plain-text fallback (Linux without a secret service); or, in browser mode, only for this run.
 */
export type KeyProtection = 'os-keychain' | 'plain-text' | 'this-run-only'

export interface AppState {
  /** Nothing configured: the onboarding screen. Else the workspace being recorded. */
  setup: 'none' | 'workspace' | 'demo'
  workspace: WorkspaceInfo | null
  keyProtection: KeyProtection
  /** Things the user should know, in words (a plain-text keychain, a stopped recording). */
  warnings: string[]
  transport: 'electron' | 'browser'
}

/** Every command: its input and what its promise resolves to. */
export interface AppMethods {
  'app.getState': { input: undefined; output: AppState }
  /** Checks credentials against `GET /v1/auth/me` without keeping anything. */
  'workspace.check': { input: WorkspaceCredentials; output: WorkspaceCheck }
  /** Checks, keeps the credentials and starts recording the workspace. */
  'workspace.connect': { input: WorkspaceConnection; output: AppState }
  /** Stops recording (everything received is stored) and forgets the credentials. */
  'workspace.disconnect': { input: undefined; output: AppState }
  /** Starts the bundled simulator and records it. */
  'demo.start': { input: undefined; output: AppState }
  'live.getSnapshot': { input: undefined; output: LiveSnapshot }
  /** Reconnects the stream now instead of waiting for the countdown. */
  'connection.retryNow': { input: undefined; output: ConnectionStatus }
  /** The names of services, operators and the workspace known so far. */
  'names.get': { input: undefined; output: Names }
  /** Recorded sessions, newest first, one bounded page at a time. */
  'sessions.list': { input: SessionPageRequest; output: SessionPage }
  /** The user has read the backfill alert: it goes until the next problem. */
  'recording.dismissBackfillProblems': { input: undefined; output: RecordingHealth }
}

export type MethodName = keyof AppMethods
export type MethodInput<M extends MethodName> = AppMethods[M]['input']
export type MethodOutput<M extends MethodName> = AppMethods[M]['output']

/** Everything pushed from the core, by channel. */
export interface AppEvents {
  'app.state': AppState
  'connection.status': ConnectionStatus
  /** Saving to the database failed or recovered; observing new calls was suspended. */
  'recording.health': RecordingHealth
  /** New workspace events, oldest first. */
  'feed.appended': FeedItem[]
  'calls.changed': { upserted: LiveCall[]; removed: string[] }
  'escalations.changed': EscalationItem[]
  /** A `call.escalated` just arrived: notify. */
  'escalation.raised': EscalationItem
  'operators.changed': OperatorState[]
  /** The name directory changed (a refresh from the platform, a new workspace name). */
  'names.changed': Names
  /** Sessions started or ended in the database: a Library on screen reloads its page. */
  'sessions.changed': null
}

export type EventName = keyof AppEvents
export type PushMessage = { [E in EventName]: { event: E; payload: AppEvents[E] } }[EventName]

/** Why a command failed, for the renderer to branch on; `message` says it in words. */
export type ApiErrorCode =
  | 'invalid-input'
  /** The caller is not one of our own pages (a foreign frame or window). */
  | 'forbidden'
  | 'unknown-method'
  | 'credentials-rejected'
  | 'workspace-unreachable'
  | 'database-unavailable'
  | 'database-key-missing'
  | 'busy'
  | 'internal'

export interface ApiError {
  code: ApiErrorCode
  message: string
}

/** Every command answers with an envelope, never a thrown error across the transport. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ApiError }

/** The core's side: one async function per command. */
export type AppHandlers = {
  [M in MethodName]: (input: MethodInput<M>) => Promise<MethodOutput<M>>
}

/**
 * What the Electron preload exposes as `window.callObserver` (and what the browser-mode client
 * builds over its WebSocket): one function per command, and one subscription for all pushes.
 */
export type AppBridge = {
  [M in MethodName]: (input: MethodInput<M>) => Promise<Envelope<MethodOutput<M>>>
} & {
  subscribe(listener: (message: PushMessage) => void): () => void
}
