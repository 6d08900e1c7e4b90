// The platform clients: the workspace SSE stream, observer sockets and their pool, and REST.
export {
  atLeast,
  Backoff,
  DEFAULT_RETRY_FLOOR_MS,
  MAX_BACKOFF_MS,
  type BackoffOptions,
} from './backoff'
export { awaitPlatform, type AwaitPlatformOptions } from './await-platform'
export { systemClock, type Clock } from './clock'
export { higherEventId, resumeEventId } from './last-event-id'
export { parseRetryAfter } from './retry-after'
export { WorkspaceStream, type WorkspaceStreamOptions } from './workspace-stream'
export type {
  WorkspaceReconnectReason,
  WorkspaceStopReason,
  WorkspaceStreamFrame,
  WorkspaceStreamStatus,
} from './workspace-stream-status'
export {
  ObserverSocket,
  type ObserverFrame,
  type ObserverSocketOptions,
  type ObserverStatus,
} from './observer-socket'
export {
  classifyObserverClose,
  type ObserverRetryReason,
  type ObserverStopReason,
} from './observer-close-policy'
export { isSubprotocolToken } from './observer-auth'
export {
  ObserverPool,
  type ObserveOutcome,
  type ObservedCallStatus,
  type ObserverBackfill,
  type ObserverPoolOptions,
} from './observer-pool'
export { backfillFrames, backfillOf } from './backfill'
export { CallLedger, type MissingTurn } from './call-ledger'
export { PlatformClient, type PlatformClientOptions, type RequestOptions } from './platform-client'
export { CredentialsRejectedError, PlatformError, RateLimitedError } from './platform-errors'
export * from './rest'
