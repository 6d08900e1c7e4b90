export {
  BatchedWriter,
  toBatch,
  type BatchedWriterOptions,
  type BatchSink,
  type CommittedReport,
  type WriterItem,
} from './batched-writer'
export { openBaselineSink, type BaselineRow, type BaselineSink } from './baseline'
export { compareSseIds, maxSseId, normalizeSseId } from './cursor'
export {
  DatabaseUnavailableError,
  MigrationIntegrityError,
  type DatabaseUnavailableReason,
} from './errors'
export { openSessionStore, SessionStore, type OpenSessionStoreOptions } from './session-store'
export type {
  AppendResult,
  EventSelector,
  SessionKind,
  SessionSummary,
  StoreCounts,
  StoredEvent,
  StoredQuarantinedFrame,
} from './types'
