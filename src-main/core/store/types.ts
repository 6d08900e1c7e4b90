import type { EventSource } from '../records'

/** What one `append` (one transaction) did. */
export interface AppendResult {
  /** Events newly stored. */
  stored: number
  /** Workspace events or quarantined frames identical to ones already stored, so ignored. */
  duplicates: number
  /** Malformed frames newly kept in quarantine (with frames that could not be stored as events). */
  quarantined: number
  /**
   * Frames that could be stored neither as events nor in quarantine (SQLite refused even their
   * raw text): counted and reported, since nothing else of them remains.
   */
  lost: number
}

export type SessionKind = 'voice' | 'text'

/**
 * A session's summary, kept current as its events are stored. Times are epoch milliseconds.
 * `key` is the call SID of a voice call or the session id of a text session.
 */
export interface SessionSummary {
  key: string
  kind: SessionKind
  /** The earliest of: the platform's own start time (`session_info.start_time`), the first event. */
  startedAt: number
  /** When the first end event (`call.ended`, `session_end`, `text.completed`) arrived; null: open. */
  endedAt: number | null
  /** As the platform reported it; else from start and end; null while open. */
  durationS: number | null
  direction: string | null
  serviceId: string | null
  /** A text session's channel (`sms`…); null for voice. */
  channel: string | null
  /** As reported at the end (`session_end.turns`, `text.completed.turn_count`), else counted. */
  turns: number
  completionReason: string | null
  finalState: string | null
  /** The last context-graph state seen (transition, session info), for a live view. */
  lastState: string | null
  escalated: boolean
  /** `tool_call_completed` events with `succeeded: false`. */
  toolErrors: number
  /** How many `latency` events the percentiles are over. */
  latencyCount: number
  /** Median `e2e_ttfb_ms` (mean of the middle two for an even count); null without latencies. */
  latencyP50Ms: number | null
  /** 95th percentile `e2e_ttfb_ms`, nearest rank (a value that was observed). */
  latencyP95Ms: number | null
  /** The last `emotion.trend` (or `session_end.emotional_summary.trend`). */
  emotionTrend: string | null
  eventCount: number
  lastEventAt: number
}

/** An event as stored, in recorded order (`seq`). */
export interface StoredEvent {
  seq: number
  source: EventSource
  /** The event type as received, known or not. */
  type: string
  known: boolean
  callSid: string | null
  sessionId: string | null
  sseId: string | null
  receivedAt: number
  /** The normalized event; for an unknown type, the object as received. May hold PHI. */
  payload: Record<string, unknown>
  /** The frame text exactly as received. May hold PHI. */
  raw: string
  backfilled: boolean
}

export interface StoredQuarantinedFrame {
  id: number
  source: EventSource
  type: string | null
  reason: string
  detail: string
  callSid: string | null
  sessionId: string | null
  sseId: string | null
  receivedAt: number
  raw: string
  /** A frame past the size limit: `raw` is only its head. */
  oversized: { byteLength: number; sha256: string } | null
}

/** Which events to read: every one, or one session's (by call SID or text session id). */
export type EventSelector = { all: true } | { sessionKey: string }

export interface StoreCounts {
  events: number
  quarantined: number
  sessions: number
}
