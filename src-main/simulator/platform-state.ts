import { createHash } from 'node:crypto'
import type { ObserverEvent, ObserverEventOf, WorkspaceEvent } from '../core/events'
import type {
  ActiveSession,
  CallDetail,
  CallList,
  CallSummary,
  CallTurn,
} from '../core/platform/rest-schemas'
import type { Emission } from './scenario/types'

/** What the simulated platform remembers of a voice call, built from the events it emitted. */
interface SimCall {
  callSid: string
  entityId: string
  callerId: string
  direction: CallSummary['direction']
  serviceId: string
  startedAt: number
  endedAt: number | null
  currentState: string
  turns: CallTurn[]
  completionReason: CallSummary['completion_reason']
  escalationStatus: NonNullable<CallSummary['escalation_status']>
}

export interface CallListQuery {
  limit: number
  offset: number
  direction?: string
  serviceId?: string
  minDuration?: number
  maxDuration?: number
}

/** Calls remembered for REST, oldest forgotten first: a long run must not grow without bound. */
const MAX_REMEMBERED_CALLS = 2000

/** A stable UUID-shaped entity id for a call (the platform's `entity_id`). */
function entityIdFor(callSid: string): string {
  const hex = createHash('sha1').update(callSid).digest('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

/**
 * The simulated platform's memory: the calls its events describe, so that REST answers and the
 * observer's `session_info` agree exactly with what the streams said.
 */
export class PlatformState {
  readonly #calls = new Map<string, SimCall>()
  readonly #byEntity = new Map<string, SimCall>()

  constructor(
    readonly workspaceId: string,
    /** Wall-clock time (epoch ms) of simulated time 0. */
    readonly epochMs: number,
  ) {}

  apply(emission: Emission): void {
    if (emission.stream === 'workspace') this.#applyWorkspace(emission.event, emission.at)
    else this.#applyObserver(emission.callSid, emission.event, emission.at)
  }

  #applyWorkspace(event: WorkspaceEvent, at: number): void {
    switch (event.event_type) {
      case 'call.started': {
        const call: SimCall = {
          callSid: event.call_sid,
          entityId: entityIdFor(event.call_sid),
          callerId: event.caller_id ?? '',
          direction: event.direction,
          serviceId: event.service_id,
          startedAt: at,
          endedAt: null,
          currentState: '',
          turns: [],
          completionReason: null,
          escalationStatus: 'none',
        }
        this.#calls.set(call.callSid, call)
        this.#byEntity.set(call.entityId, call)
        this.#forgetOldest()
        return
      }
      case 'call.escalated':
        this.#update(event.call_sid, (call) => (call.escalationStatus = 'requested'))
        return
      case 'operator.joined_call':
        this.#update(event.call_sid, (call) => (call.escalationStatus = 'connected'))
        return
      case 'operator.left_call':
        this.#update(event.call_sid, (call) => (call.escalationStatus = 'completed'))
        return
      case 'call.ended':
        this.#update(event.call_sid, (call) => {
          call.endedAt = at
          call.completionReason = event.completion_reason
        })
        return
      default:
        return
    }
  }

  #applyObserver(callSid: string, event: ObserverEvent, at: number): void {
    const call = this.#calls.get(callSid)
    if (!call) return
    switch (event.type) {
      case 'session_start':
        call.currentState = event.initial_state ?? call.currentState
        return
      case 'state_transition':
        call.currentState = event.next_state
        return
      case 'user_transcript':
        call.turns.push({
          turn_index: call.turns.length,
          started_at: this.#iso(at),
          state: event.state || call.currentState,
          speaker_role: event.speaker_role ?? 'caller',
          user_transcript: event.transcript,
          agent_transcript: null,
        })
        return
      case 'agent_transcript':
        this.#addAgentSpeech(call, event, at)
        return
      default:
        return
    }
  }

  #addAgentSpeech(call: SimCall, event: ObserverEventOf<'agent_transcript'>, at: number): void {
    const turn = call.turns.at(-1)
    if (!turn) {
      // The greeting: the agent speaks before the caller has said anything.
      call.turns.push({
        turn_index: 0,
        started_at: this.#iso(at),
        state: call.currentState,
        speaker_role: 'agent',
        user_transcript: null,
        agent_transcript: event.transcript,
      })
      return
    }
    turn.agent_transcript = turn.agent_transcript
      ? `${turn.agent_transcript} ${event.transcript}`
      : event.transcript
  }

  #update(callSid: string, change: (call: SimCall) => void): void {
    const call = this.#calls.get(callSid)
    if (call) change(call)
  }

  /** Forgets the oldest calls past the limit; Map order is start order, so this is O(1) each. */
  #forgetOldest(): void {
    for (const [callSid, call] of this.#calls) {
      if (this.#calls.size <= MAX_REMEMBERED_CALLS) return
      this.#calls.delete(callSid)
      this.#byEntity.delete(call.entityId)
    }
  }

  #iso(at: number): string {
    return new Date(this.epochMs + at).toISOString()
  }

  /** Whether a call is in progress: the only calls an observer may join. */
  isLive(callSid: string): boolean {
    const call = this.#calls.get(callSid)
    return call !== undefined && call.endedAt === null
  }

  /** The snapshot an observer receives on every connect (spec 3.6). */
  sessionInfo(callSid: string, now: number): ObserverEventOf<'session_info'> | null {
    const call = this.#calls.get(callSid)
    if (!call) return null
    return {
      type: 'session_info',
      call_sid: call.callSid,
      caller_id: call.callerId,
      current_state: call.currentState,
      direction: call.direction ?? 'inbound',
      duration_seconds: Math.round((now - call.startedAt) / 100) / 10,
      service_id: call.serviceId,
      start_time: (this.epochMs + call.startedAt) / 1000,
      workspace_id: this.workspaceId,
    }
  }

  activeSessions(now: number): ActiveSession[] {
    return [...this.#calls.values()]
      .filter((call) => call.endedAt === null)
      .map((call) => ({
        call_sid: call.callSid,
        caller_id: call.callerId,
        current_state: call.currentState,
        direction: call.direction ?? 'inbound',
        duration_seconds: Math.round((now - call.startedAt) / 100) / 10,
        scenario: '',
        service_id: call.serviceId,
        workspace_id: this.workspaceId,
      }))
  }

  #summary(call: SimCall, now: number): CallSummary {
    const end = call.endedAt ?? now
    return {
      call_sid: call.callSid,
      caller_id: call.callerId,
      completion_reason: call.completionReason,
      direction: call.direction,
      duration_seconds: Math.round((end - call.startedAt) / 100) / 10,
      entity_id: call.entityId,
      escalation_status: call.escalationStatus,
      final_state: call.endedAt === null ? null : call.currentState,
      has_recording: call.endedAt !== null,
      phone_number: call.callerId,
      service_id: call.serviceId,
      source: 'simulated',
      started_at: this.#iso(call.startedAt),
      status: call.endedAt === null ? 'in-progress' : 'completed',
      turns: call.turns.length,
    }
  }

  /** `GET /calls`: newest first, filtered and paginated as the spec describes. */
  listCalls(query: CallListQuery, now: number): CallList {
    const matching = [...this.#calls.values()]
      .reverse()
      .map((call) => this.#summary(call, now))
      .filter(
        (call) =>
          (query.direction === undefined || call.direction === query.direction) &&
          (query.serviceId === undefined || call.service_id === query.serviceId) &&
          (query.minDuration === undefined || (call.duration_seconds ?? 0) >= query.minDuration) &&
          (query.maxDuration === undefined || (call.duration_seconds ?? 0) <= query.maxDuration),
      )
    const items = matching.slice(query.offset, query.offset + query.limit)
    const hasMore = query.offset + items.length < matching.length
    return {
      items,
      total: matching.length,
      has_more: hasMore,
      continuation_token: hasMore ? query.offset + items.length : null,
    }
  }

  /** `GET /calls/{call_id}`, by call SID or entity id (the spec leaves open which it takes). */
  callDetail(callId: string, now: number): CallDetail | null {
    const call = this.#calls.get(callId) ?? this.#byEntity.get(callId)
    if (!call) return null
    return { ...this.#summary(call, now), turns: call.turns.map((turn) => ({ ...turn })) }
  }
}
