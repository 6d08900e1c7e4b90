/**
 * The live workspace as the renderer sees it: plain data, derived by the core from the events it
 * records, pushed over either transport. Types only.
 */

/**
 * A piece of display text. A plain string is safe to show; a `phi` part holds protected health
 * information (a field marked `x-phi`, a transcript, a tool input or output) and is masked until
 * the user reveals that one field.
 */
export type TextPart = string | { phi: string; field: string }

/** Display text built from parts, some of them PHI. */
export type Text = TextPart[]

/** The workspace stream as the user should understand it; always true to the connection. */
export type ConnectionStatus =
  /** Nothing is being recorded (onboarding, or after disconnecting). */
  | { state: 'idle' }
  | { state: 'connecting' }
  | { state: 'connected'; since: number }
  | {
      state: 'reconnecting'
      /** When the next attempt starts (epoch ms): the badge counts down to it. */
      retryAt: number
      attempt: number
      /** Why the last connection ended, in words. */
      reason: string
    }
  /** The platform refused the API key: it will not be retried. */
  | { state: 'rejected'; message: string; action: string }
  /**
   * The platform cannot be reached (retries keep failing without an answer), or it stopped the
   * stream for another reason (stream cap, refused request). `retryAt` is the next attempt, or
   * null when nothing is retried until the user says so.
   */
  | { state: 'offline'; message: string; action: string; retryAt: number | null }

/** The feed's categories, one icon each: the event type's prefix. */
export const eventCategories = [
  'call',
  'operator',
  'text',
  'surface',
  'channel',
  'pipeline',
  'trigger',
  'review',
  'encounter',
  'simulation',
  'workspace',
  'other',
] as const
export type EventCategory = (typeof eventCategories)[number]

/** One workspace event in the feed. */
export interface FeedItem {
  /** Feed order, increasing for this run of the core. */
  id: number
  type: string
  category: EventCategory
  /** False for a type this version does not know: `summary` is empty and `raw` holds it. */
  known: boolean
  callSid: string | null
  /** When the platform sent it (its SSE id, epoch ms), when that id is a time. */
  sentAt: number | null
  receivedAt: number
  /** One readable line. */
  summary: Text
  /** The frame as received, for unknown types only (masked: its fields are unknown). */
  raw: string | null
}

export type EmotionTone = 'positive' | 'neutral' | 'negative'

/** A live voice call on the active calls board. */
export interface LiveCall {
  callSid: string
  /** The caller's number, masked. */
  caller: Text
  direction: string
  serviceId: string | null
  /** When the call started (epoch ms), for the live duration. */
  startedAt: number
  /** The agent's current conversation state. */
  state: string | null
  lastUtterance: { speaker: 'caller' | 'agent' | 'operator'; text: Text; at: number } | null
  emotion: { label: string; tone: EmotionTone; trend: string | null } | null
  escalation: { escalationId: string; reason: Text; trigger: string; at: number } | null
  operator: { operatorId: string; mode: string } | null
  /**
   * Board order: lower first. Escalated calls no operator has joined come first, then calls with
   * an operator, then callers in distress, then the rest by start time.
   */
  priority: number
}

export type EscalationStatus = 'waiting' | 'joined' | 'ended'

/** An entry of the escalation inbox. */
export interface EscalationItem {
  escalationId: string
  callSid: string
  caller: Text
  reason: Text
  trigger: string
  raisedAt: number
  status: EscalationStatus
  operatorId: string | null
}

/** A row of the operator board. */
export interface OperatorState {
  operatorId: string
  status: string | null
  callSid: string | null
  mode: string | null
  updatedAt: number
}

/**
 * The recording beyond its connection: whether what arrives reaches the database, and whether new
 * calls can be observed. Each problem says what happened and what to do, in words.
 */
export interface RecordingHealth {
  storage:
    | { state: 'saving' }
    /**
     * Saving fails (a full disk, say): received events wait in memory, in order, and saving is
     * retried. `waiting` is how many waited at the last try; `since` when it began (epoch ms).
     */
    | { state: 'failing'; message: string; waiting: number; since: number }
  /** Suspended: the platform refused the key for observers, so new calls are not observed. */
  observers: { state: 'observing' } | { state: 'suspended'; message: string }
  /**
   * Incomplete: what some calls said while they were not observed could not be filled in from
   * the platform, so those stretches are missing from their recordings. `calls` counts the calls
   * since the user last dismissed it; `message` is the latest problem in words (no PHI). Absent
   * means complete (a core from before backfill was reported).
   */
  backfill?:
    { state: 'complete' } | { state: 'incomplete'; calls: number; since: number; message: string }
}

export const healthyRecording: RecordingHealth = {
  storage: { state: 'saving' },
  observers: { state: 'observing' },
  backfill: { state: 'complete' },
}

/**
 * Names for the ids the events carry, from the platform's directory (`GET /services`,
 * `GET /operators`) and, for the workspace, from the user. An id with no name is absent.
 */
export interface Names {
  workspace: { id: string; name: string } | null
  /** Service id → name. */
  services: Record<string, string>
  /** Operator id → name. */
  operators: Record<string, string>
}

export const noNames: Names = { workspace: null, services: {}, operators: {} }

/** A session as recorded in the database: the Library's row. No PHI. */
export interface RecordedSession {
  /** The call SID of a voice call, the session id of a text session. */
  key: string
  kind: 'voice' | 'text'
  startedAt: number
  /** Null while the session is still going on. */
  endedAt: number | null
  durationS: number | null
  direction: string | null
  serviceId: string | null
  /** A text session's channel (`sms`…); null for voice. */
  channel: string | null
  turns: number
  completionReason: string | null
  escalated: boolean
}

/** One page of the recorded sessions, newest first. */
export interface SessionPage {
  sessions: RecordedSession[]
  hasMore: boolean
  /** False when no database is open (nothing is being recorded): the list says nothing then. */
  open: boolean
}

/** Everything the live views show, at one moment. */
export interface LiveSnapshot {
  connection: ConnectionStatus
  health: RecordingHealth
  calls: LiveCall[]
  escalations: EscalationItem[]
  operators: OperatorState[]
  /** The most recent feed items, oldest first. */
  feed: FeedItem[]
}
