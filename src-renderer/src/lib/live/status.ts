import type {
  ConnectionStatus,
  EmotionTone,
  EscalationStatus,
  LiveCall,
} from '../../../../src-main/api'

/** The status colours of theme.css (`--status-<tone>`); `offline` is a hollow, faint dot. */
export type Tone = 'danger' | 'warning' | 'success' | 'info' | 'neutral' | 'offline'

const operatorTones: ReadonlyMap<string, Tone> = new Map<string, Tone>([
  ['online', 'success'],
  ['available', 'success'],
  ['ready', 'success'],
  ['idle', 'success'],
  ['busy', 'warning'],
  ['on_call', 'warning'],
  ['in_call', 'warning'],
  ['away', 'warning'],
  ['offline', 'offline'],
])

/** An operator status's colour; a status this version does not know is neutral. */
export function operatorStatusTone(status: string | null): Tone {
  if (status === null) return 'neutral'
  return operatorTones.get(status.toLowerCase()) ?? 'neutral'
}

export function escalationStatusTone(status: EscalationStatus): Tone {
  switch (status) {
    case 'waiting':
      return 'danger'
    case 'joined':
      return 'info'
    case 'ended':
      return 'neutral'
  }
}

export function emotionTone(tone: EmotionTone): Tone {
  switch (tone) {
    case 'positive':
      return 'success'
    case 'negative':
      return 'danger'
    case 'neutral':
      return 'neutral'
  }
}

/** Which way the caller's mood is heading, from the provider's trend word; null if unknown. */
export type TrendDirection = 'better' | 'worse' | 'steady'

export function trendDirection(trend: string | null): TrendDirection | null {
  switch (trend?.toLowerCase()) {
    case 'improving':
    case 'rising':
    case 'up':
      return 'better'
    case 'deteriorating':
    case 'worsening':
    case 'falling':
    case 'down':
      return 'worse'
    case 'stable':
    case 'steady':
    case 'flat':
      return 'steady'
    default:
      return null
  }
}

export function speakerLabel(speaker: 'caller' | 'agent' | 'operator'): string {
  switch (speaker) {
    case 'caller':
      return 'Caller'
    case 'agent':
      return 'Agent'
    case 'operator':
      return 'Operator'
  }
}

/** The badge a call card wears about a human operator, if any. */
export type CallBadge = { kind: 'needs-human' | 'operator' | 'escalated'; label: string }

/**
 * The core's priority 0 means "escalated, and no operator has joined since": only then does the
 * card ask for a human; a call an operator answered and left is marked as escalated earlier.
 */
export function callBadge(
  call: Pick<LiveCall, 'escalation' | 'operator' | 'priority'>,
  operatorName: string | null = null,
): CallBadge | null {
  if (call.operator !== null) {
    // The operator by name once the directory knows them, else by id.
    return {
      kind: 'operator',
      label: `${operatorName ?? `Operator ${call.operator.operatorId}`} · ${call.operator.mode}`,
    }
  }
  if (call.escalation === null) return null
  return call.priority === 0
    ? { kind: 'needs-human', label: 'Needs a human' }
    : { kind: 'escalated', label: 'Escalated · operator left' }
}

/** What an empty live region says, true to the connection: nothing is hidden behind it. */
export interface EmptyCopy {
  title: string
  body: string
}

/**
 * Why a live region is empty. `what` names what would be shown ("calls", "events"); `waiting`
 * is what the user sees once connected and nothing has happened yet.
 */
export function emptyCopy(
  connection: ConnectionStatus,
  what: string,
  waiting: EmptyCopy,
): EmptyCopy {
  switch (connection.state) {
    case 'idle':
      return {
        title: 'Not recording',
        body: `No workspace is connected, so there are no ${what} to show. Connect one in Settings.`,
      }
    case 'connecting':
      return {
        title: 'Connecting to the workspace…',
        body: `Live ${what} appear here as soon as the workspace stream is open.`,
      }
    case 'connected':
      return waiting
    case 'reconnecting':
      return {
        title: 'Connection lost',
        body: `The workspace stream dropped because ${connection.reason}; live ${what} appear again once it reconnects, with what was sent meanwhile (up to the five minutes the platform keeps).`,
      }
    case 'rejected':
    case 'offline':
      return { title: connection.message, body: connection.action }
  }
}
