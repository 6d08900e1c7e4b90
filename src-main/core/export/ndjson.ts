import { redactPhi } from './redact'

/** A stored event, as exports read it (the store's iteration yields these in recorded order). */
export interface ExportableEvent {
  source: 'workspace' | 'observer'
  type: string
  known: boolean
  callSid: string | null
  sessionId: string | null
  sseId: string | null
  /** Epoch milliseconds. */
  receivedAt: number
  payload: Record<string, unknown>
  backfilled: boolean
}

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
