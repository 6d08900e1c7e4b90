import type { MethodName } from './contract'

/**
 * Runtime constants both ends of a transport share (the preload imports nothing else), so a
 * channel or method name is spelled once.
 */
export const ipcChannels = {
  /** Renderer → main: `{ method, input }`, answered with an `Envelope`. */
  invoke: 'app:invoke',
  /** Main → renderer: a `PushMessage`. */
  event: 'app:event',
} as const

/** Every method name; a test holds it equal to the contract's. */
export const methodNames = [
  'app.getState',
  'workspace.check',
  'workspace.connect',
  'workspace.disconnect',
  'demo.start',
  'live.getSnapshot',
  'connection.retryNow',
  'names.get',
  'sessions.list',
  'recording.dismissBackfillProblems',
] as const satisfies readonly MethodName[]

/** The browser-mode API's WebSocket path on the app's own origin. */
export const apiSocketPath = '/api'
