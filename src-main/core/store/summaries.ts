import type { ObserverEvent, WorkspaceEvent } from '../events'
import type { RecordedEvent } from '../records'
import type { SessionKind } from './types'

/**
 * What one batch changes in one session's summary. Additive fields (counts) are added to the
 * stored row; "latest" fields replace it when set; the start only moves earlier and the end is
 * fixed by the first end event. So applying deltas batch by batch gives the same row as
 * replaying every event, and a restart loses nothing (all state is in the row).
 */
export interface SessionDelta {
  key: string
  kind: SessionKind
  startedAt: number
  endedAt: number | null
  durationS: number | null
  direction: string | null
  serviceId: string | null
  channel: string | null
  turnsObserved: number
  turnsReported: number | null
  completionReason: string | null
  finalState: string | null
  lastState: string | null
  escalated: boolean
  toolErrors: number
  emotionTrend: string | null
  eventCount: number
  lastEventAt: number
  /** End-to-end latencies (`latency.e2e_ttfb_ms`) of this batch, with the event that had each. */
  latencies: { ms: number; seq: number }[]
}

/** The session an event belongs to: its voice call if it has one, else its text session. */
export function sessionOf(frame: {
  callSid: string | null
  sessionId: string | null
}): { key: string; kind: SessionKind } | null {
  if (frame.callSid !== null) return { key: frame.callSid, kind: 'voice' }
  if (frame.sessionId !== null) return { key: frame.sessionId, kind: 'text' }
  return null
}

/**
 * The transcript text to index for search: final caller/operator utterances and agent speech.
 * A partial (`is_final: false`) is left out: its final version follows and would duplicate it.
 */
export function transcriptOf(event: RecordedEvent): string | null {
  if (!event.known || event.source !== 'observer') return null
  const payload = event.payload
  if (payload.type === 'user_transcript') {
    return payload.is_final === false ? null : payload.transcript
  }
  if (payload.type === 'agent_transcript') return payload.transcript
  return null
}

function nonEmpty(text: string | null | undefined): string | null {
  return text === undefined || text === null || text === '' ? null : text
}

function newDelta(key: string, kind: SessionKind, at: number): SessionDelta {
  return {
    key,
    kind,
    startedAt: at,
    endedAt: null,
    durationS: null,
    direction: null,
    serviceId: null,
    channel: null,
    turnsObserved: 0,
    turnsReported: null,
    completionReason: null,
    finalState: null,
    lastState: null,
    escalated: false,
    toolErrors: 0,
    emotionTrend: null,
    eventCount: 0,
    lastEventAt: at,
    latencies: [],
  }
}

function ended(delta: SessionDelta, at: number, reason: string | null): void {
  delta.endedAt ??= at
  if (reason !== null) {
    delta.completionReason = reason
    if (reason === 'escalated') delta.escalated = true
  }
}

function applyWorkspace(delta: SessionDelta, payload: WorkspaceEvent, receivedAt: number): void {
  switch (payload.event_type) {
    case 'call.started':
      delta.direction = payload.direction
      delta.serviceId = payload.service_id
      return
    case 'call.ended':
      ended(delta, receivedAt, payload.completion_reason)
      delta.direction = payload.direction
      delta.durationS = payload.duration_seconds
      if (payload.escalated) delta.escalated = true
      return
    case 'call.escalated':
      delta.escalated = true
      return
    case 'text.started':
      delta.serviceId = payload.service_id
      delta.channel = payload.channel_kind
      return
    case 'text.completed':
      ended(delta, receivedAt, nonEmpty(payload.completion_reason))
      delta.channel = payload.channel_kind
      delta.durationS = payload.duration_seconds
      delta.finalState = nonEmpty(payload.final_state) ?? delta.finalState
      delta.turnsReported = payload.turn_count
      return
    default:
      return
  }
}

function applyObserver(
  delta: SessionDelta,
  payload: ObserverEvent,
  receivedAt: number,
  seq: number,
): void {
  switch (payload.type) {
    case 'session_info':
      delta.direction = payload.direction
      delta.serviceId = nonEmpty(payload.service_id) ?? delta.serviceId
      delta.lastState = nonEmpty(payload.current_state) ?? delta.lastState
      // The platform's own start time (epoch seconds) also covers a call we began observing late.
      if (payload.start_time > 0) {
        delta.startedAt = Math.min(delta.startedAt, Math.round(payload.start_time * 1000))
      }
      return
    case 'session_start':
      delta.serviceId = nonEmpty(payload.service_id) ?? delta.serviceId
      delta.lastState = nonEmpty(payload.initial_state) ?? delta.lastState
      return
    case 'session_end': {
      ended(delta, receivedAt, nonEmpty(payload.completion_reason))
      // The schema defaults absent numbers to 0, which here means "not reported".
      if (payload.duration_s > 0) delta.durationS = payload.duration_s
      if (payload.turns > 0) delta.turnsReported = payload.turns
      delta.finalState = nonEmpty(payload.final_state) ?? delta.finalState
      const trend = payload.emotional_summary?.trend
      if (typeof trend === 'string' && trend !== '') delta.emotionTrend = trend
      return
    }
    case 'user_transcript':
      // One turn per final utterance of the caller (or an operator in takeover), as the
      // platform counts `turns`; agent speech answers within the turn.
      if (payload.is_final !== false) delta.turnsObserved++
      return
    case 'state_transition':
      delta.lastState = payload.next_state
      return
    case 'latency':
      if (Number.isFinite(payload.e2e_ttfb_ms))
        delta.latencies.push({ ms: payload.e2e_ttfb_ms, seq })
      return
    case 'tool_call_completed':
      if (!payload.succeeded) delta.toolErrors++
      return
    case 'emotion':
      delta.emotionTrend = payload.trend ?? delta.emotionTrend
      return
    default:
      return
  }
}

/** Collects the summary changes of one batch's stored events, one delta per session touched. */
export class BatchSummaries {
  readonly #deltas = new Map<string, SessionDelta>()

  add(event: RecordedEvent, seq: number): void {
    const session = sessionOf(event)
    if (session === null) return
    let delta = this.#deltas.get(session.key)
    if (delta === undefined) {
      delta = newDelta(session.key, session.kind, event.receivedAt)
      this.#deltas.set(session.key, delta)
    }
    delta.eventCount++
    delta.startedAt = Math.min(delta.startedAt, event.receivedAt)
    delta.lastEventAt = Math.max(delta.lastEventAt, event.receivedAt)
    if (!event.known) return
    if (event.source === 'workspace') applyWorkspace(delta, event.payload, event.receivedAt)
    else applyObserver(delta, event.payload, event.receivedAt, seq)
  }

  deltas(): Iterable<SessionDelta> {
    return this.#deltas.values()
  }
}
