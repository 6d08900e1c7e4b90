import type { ObserverResult, WorkspaceFrame, WorkspaceResult } from '../events'
import type { QuarantinedFrame, RecordedEvent } from '../records'

/** A normalized frame becomes either an event to store or a frame for quarantine. */
export type FrameRecord =
  { kind: 'event'; record: RecordedEvent } | { kind: 'quarantined'; record: QuarantinedFrame }

function stringField(object: Record<string, unknown>, field: string): string | null {
  const value = object[field]
  return typeof value === 'string' && value !== '' ? value : null
}

/** Only text sessions are sessions of their own; other `session_id`s name something else. */
function textSessionId(type: string, payload: Record<string, unknown>): string | null {
  return type === 'text.started' || type === 'text.completed'
    ? stringField(payload, 'session_id')
    : null
}

/** What the recorder stores of one workspace SSE frame. */
export function workspaceRecord(
  result: WorkspaceResult,
  frame: WorkspaceFrame,
  receivedAt: number,
  oversized: QuarantinedFrame['oversized'] = null,
): FrameRecord {
  // One object literal per kind, fields in one order: every record has the same hidden class,
  // which keeps the ingest path (tens of thousands of frames a second) monomorphic.
  switch (result.kind) {
    case 'event': {
      const payload: Record<string, unknown> = result.event
      return {
        kind: 'event',
        record: {
          source: 'workspace',
          sseId: frame.id,
          receivedAt,
          raw: frame.data,
          known: true,
          type: result.event.event_type,
          payload: result.event,
          callSid: stringField(payload, 'call_sid'),
          sessionId: textSessionId(result.event.event_type, payload),
          backfilled: false,
        },
      }
    }
    case 'unknown':
      return {
        kind: 'event',
        record: {
          source: 'workspace',
          sseId: frame.id,
          receivedAt,
          raw: frame.data,
          known: false,
          type: result.type,
          payload: result.raw,
          callSid: stringField(result.raw, 'call_sid'),
          sessionId: null,
          backfilled: false,
        },
      }
    case 'malformed':
      return {
        kind: 'quarantined',
        record: {
          source: 'workspace',
          sseId: frame.id,
          receivedAt,
          raw: frame.data,
          type: frame.event,
          reason: result.reason,
          detail: result.detail,
          callSid: null,
          sessionId: null,
          oversized,
        },
      }
  }
}

/** What the recorder stores of one observer frame, received on `callSid`'s socket. */
export function observerRecord(
  result: ObserverResult,
  text: string,
  callSid: string,
  receivedAt: number,
  oversized: QuarantinedFrame['oversized'] = null,
): FrameRecord {
  // As for workspace records: one literal per kind, fields in one order.
  switch (result.kind) {
    case 'event':
      return {
        kind: 'event',
        record: {
          source: 'observer',
          sseId: null,
          receivedAt,
          raw: text,
          known: true,
          type: result.event.type,
          payload: result.event,
          callSid,
          sessionId: null,
          backfilled: false,
        },
      }
    case 'unknown':
      return {
        kind: 'event',
        record: {
          source: 'observer',
          sseId: null,
          receivedAt,
          raw: text,
          known: false,
          type: result.type,
          payload: result.raw,
          callSid,
          sessionId: null,
          backfilled: false,
        },
      }
    case 'malformed':
      return {
        kind: 'quarantined',
        record: {
          source: 'observer',
          sseId: null,
          receivedAt,
          raw: text,
          type: null,
          reason: result.reason,
          detail: result.detail,
          callSid,
          sessionId: null,
          oversized,
        },
      }
  }
}
