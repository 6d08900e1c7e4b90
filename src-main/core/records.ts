import type { MalformedReason, ObserverEvent, WorkspaceEvent } from './events'

/**
 * What the recorder hands to the store: one received frame, in the order received. These types
 * are the contract between the stream clients (core/platform), the recorder (core/recorder) and
 * the session store (core/store).
 */
export type EventSource = 'workspace' | 'observer'

interface ReceivedFrame {
  source: EventSource
  /** The voice call it belongs to: from the payload, or the observer socket's call. */
  callSid: string | null
  /** The text session it belongs to (`text.started` / `text.completed`), else null. */
  sessionId: string | null
  /** The SSE `id:` of a workspace frame (the replay cursor); null for observer frames. */
  sseId: string | null
  /** When this process received it, epoch milliseconds. */
  receivedAt: number
  /** The frame text exactly as received (for a workspace frame, its `data:`); may hold PHI. */
  raw: string
}

/** A frame that normalized to an event, known or not. */
export type RecordedEvent = ReceivedFrame &
  (
    | {
        known: true
        type: WorkspaceEvent['event_type']
        payload: WorkspaceEvent
        source: 'workspace'
      }
    | { known: true; type: ObserverEvent['type']; payload: ObserverEvent; source: 'observer' }
    | {
        known: false
        /** The type as received. */
        type: string
        /** The object as received. */
        payload: Record<string, unknown>
      }
  ) & {
    /**
     * Rebuilt from `GET /calls/{call_id}` after an observer gap rather than received live: the
     * timeline shows such turns as filled in after the fact.
     */
    backfilled: boolean
  }

/** A frame that could not be an event: kept with its raw text and the reason, never dropped. */
export type QuarantinedFrame = ReceivedFrame & {
  /** The type the frame claimed, if it claimed one. */
  type: string | null
  reason: MalformedReason
  /** Names fields, never values: safe to log. */
  detail: string
  /** A frame past the size limit: `raw` is only its head; these are its real length and hash. */
  oversized: { byteLength: number; sha256: string } | null
}

/**
 * That a call's record still has to be completed from REST (`due`), or has been (`due: false`),
 * queued with the frames so that it commits in order with them: a clear commits only with, or
 * after, the backfilled frames it stands for.
 */
export interface BackfillMark {
  kind: 'backfill'
  callSid: string
  due: boolean
  /** When it was marked, epoch ms. */
  at: number
}

/** One tick's worth of received frames, written in one transaction with the cursor they reach. */
export interface RecordBatch {
  events: readonly RecordedEvent[]
  quarantined: readonly QuarantinedFrame[]
  /** Backfill marks, in the order they were queued. */
  backfills?: readonly BackfillMark[]
  /**
   * The highest SSE id among the batch's workspace frames (events and quarantined alike), stored
   * with them so that a resume never skips or repeats what the batch holds. Null: no change.
   */
  cursor: string | null
}
