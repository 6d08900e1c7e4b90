import type { StoredEvent } from '../store'
import { redactPhi } from './redact'

/** What an export reads of a stored event: never the raw frame, which may hold PHI as received. */
export type ExportableEvent = Omit<StoredEvent, 'seq' | 'raw'>

export interface ExportOptions {
  /** Keep PHI as recorded. Off by default: exports leave the machine. */
  includePhi: boolean
}

/**
 * One NDJSON line per event, the contract other tools rely on (DESIGN.md, README "Export"):
 * `source`, `type` (as received), `call_sid`, `received_at` (ISO 8601), `sse_id`, `payload` (the
 * normalized event, or for an unknown type the object as received), PHI redacted unless kept.
 * `session_id` and `backfilled` are added; consumers must tolerate further fields.
 */
export function toNdjsonLine(event: ExportableEvent, options: ExportOptions): string {
  const payload = options.includePhi
    ? event.payload
    : redactPhi(event.source, event.type, event.known, event.payload)
  return JSON.stringify({
    source: event.source,
    type: event.type,
    call_sid: event.callSid,
    session_id: event.sessionId,
    received_at: new Date(event.receivedAt).toISOString(),
    sse_id: event.sseId,
    backfilled: event.backfilled,
    payload,
  })
}
