import { normalizeObserverFrame, normalizeWorkspaceFrame } from '../../events'
import { observerRecord, workspaceRecord } from '../../recorder/frame-records'
import type { RecordedEvent } from '../../records'

/** 2026-11-21T09:00:00Z: the receive time of test events unless a test says otherwise. */
export const AT = Date.UTC(2026, 10, 21, 9, 0, 0)

/**
 * Recorded events for tests, built as the recorder builds them: real frame text through the
 * normalizer and the recorder's frame records, so tests see the shapes the live model gets.
 */
export function workspaceEvent(
  type: string,
  payload: Record<string, unknown>,
  options: { sseId?: string | null; receivedAt?: number } = {},
): RecordedEvent {
  const frame = { id: options.sseId ?? null, event: type, data: JSON.stringify(payload) }
  const result = workspaceRecord(normalizeWorkspaceFrame(frame), frame, options.receivedAt ?? AT)
  if (result.kind !== 'event') throw new Error(`${type}: ${result.record.detail}`)
  return result.record
}

/** An observer frame received on `callSid`'s socket; `frame` includes its `type`. */
export function observerEvent(
  callSid: string,
  frame: Record<string, unknown>,
  receivedAt = AT,
): RecordedEvent {
  const text = JSON.stringify(frame)
  const result = observerRecord(normalizeObserverFrame(text), text, callSid, receivedAt)
  if (result.kind !== 'event') throw new Error(`observer frame: ${result.record.detail}`)
  return result.record
}
