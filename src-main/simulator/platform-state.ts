import type {
  ObserverEvent,
  ObserverEventOf,
  WorkspaceEvent,
  WorkspaceEventOf,
} from '../core/events'
import type {
  ActiveSession,
  CallDetail,
  CallList,
  CallSummary,
  PlaybackTimeline,
} from '../core/platform/rest'
import { CallRecord, stableUuid } from './call-record'
import { Directory } from './directory'
import type { Emission } from './scenario/types'

type Direction = WorkspaceEventOf<'call.started'>['direction']

/** What the simulated platform remembers of a voice call, built from the events it emitted. */
interface SimCall {
  callSid: string
  entityId: string
  callerId: string
  direction: Direction
  serviceId: string
  startedAt: number
  endedAt: number | null
  completionReason: CallSummary['completion_reason']
  escalation: NonNullable<CallDetail['escalation']>
  escalated: boolean
  record: CallRecord
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

/**
 * The simulated platform's memory: the calls its events describe, so that REST answers and the
 * observer's `session_info` agree exactly with what the streams said.
 */
export class PlatformState {
  readonly #calls = new Map<string, SimCall>()
  readonly #byEntity = new Map<string, SimCall>()
  readonly directory: Directory

  constructor(
    readonly workspaceId: string,
    /** Wall-clock time (epoch ms) of simulated time 0. */
    readonly epochMs: number,
  ) {
    this.directory = new Directory(workspaceId)
  }

  apply(emission: Emission): void {
    if (emission.stream === 'workspace') this.#applyWorkspace(emission.event, emission.at)
    else this.#applyObserver(emission.callSid, emission.event, emission.at)
  }

  #applyWorkspace(event: WorkspaceEvent, at: number): void {
    this.directory.apply(event, this.#iso(at))
    switch (event.event_type) {
      case 'call.started': {
        const call: SimCall = {
          callSid: event.call_sid,
          entityId: stableUuid(event.call_sid),
          callerId: event.caller_id ?? '',
          direction: event.direction,
          serviceId: event.service_id,
          startedAt: at,
          endedAt: null,
          completionReason: null,
          escalation: { status: 'none', immediate: false },
          escalated: false,
          record: new CallRecord(event.call_sid, this.epochMs + at),
        }
        this.#calls.set(call.callSid, call)
        this.#byEntity.set(call.entityId, call)
        this.#forgetOldest()
        return
      }
      case 'call.escalated':
        this.#update(event.call_sid, (call) => {
          call.escalated = true
          call.escalation = {
            ...call.escalation,
            status: 'requested',
            escalation_id: event.escalation_id,
            trigger: event.trigger,
            requested_at: this.#iso(at),
          }
        })
        return
      case 'operator.joined_call':
        this.#update(event.call_sid, (call) => {
          call.escalation = {
            ...call.escalation,
            status: 'connected',
            operator_entity_id: event.operator_id,
            connected_at: this.#iso(at),
          }
        })
        return
      case 'operator.left_call':
        this.#update(event.call_sid, (call) => {
          call.escalation = {
            ...call.escalation,
            status: 'completed',
            completed_at: this.#iso(at),
            human_segment_turn_count: event.human_segment_turn_count ?? null,
          }
        })
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
    if (call) call.record.add(event, at - call.startedAt)
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
      current_state: call.record.state,
      direction: call.direction,
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
        current_state: call.record.state,
        direction: call.direction,
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
      escalation_status: call.escalation.status,
      final_state: call.endedAt === null ? null : call.record.state,
      has_recording: call.endedAt !== null,
      phone_number: call.callerId,
      service_id: call.serviceId,
      source: 'simulated',
      started_at: this.#iso(call.startedAt),
      status: call.endedAt === null ? 'in-progress' : 'completed',
      turns: call.record.turns.length,
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

  /**
   * `GET /calls/{call_id}` (spec 4.4 `CallDetailResponse`), by call SID or entity id (the spec
   * leaves open which it takes). While the call is live it holds the turns so far.
   */
  callDetail(callId: string, now: number): CallDetail | null {
    const call = this.#find(callId)
    if (!call) return null
    const { record } = call
    const end = call.endedAt ?? now
    return {
      id: call.entityId,
      call_sid: call.callSid,
      workspace_id: this.workspaceId,
      service_id: call.serviceId,
      direction: call.direction,
      caller_id: call.callerId,
      phone_number: call.callerId,
      status: call.endedAt === null ? 'in-progress' : 'completed',
      source: 'simulated',
      call_start_time: this.#iso(call.startedAt),
      media_start_time: this.#iso(call.startedAt),
      call_end_time: call.endedAt === null ? null : this.#iso(call.endedAt),
      call_duration_seconds: Math.round((end - call.startedAt) / 100) / 10,
      completion_reason: call.completionReason,
      final_state: call.endedAt === null ? null : record.state,
      states_visited: [...record.statesVisited],
      conference_sid: record.conferenceSid,
      has_recording: call.endedAt !== null,
      escalation: call.escalated ? { ...call.escalation } : null,
      emotional_summary: record.emotionalSummary,
      turns: record.wireTurns(),
      human_segments: record.humanSegments.map((segment) => ({ ...segment })),
      participants: record.participants.map((participant) => ({ ...participant })),
      barge_in_events: record.bargeIns.map((bargeIn) => ({ ...bargeIn })),
      triggered_behaviors: [],
      timeline: record.timeline(end - call.startedAt),
    }
  }

  /** `GET /calls/{call_id}/timeline`: the `PlaybackTimeline` alone. */
  callTimeline(callId: string, now: number): PlaybackTimeline | null {
    const call = this.#find(callId)
    if (!call) return null
    return call.record.timeline((call.endedAt ?? now) - call.startedAt)
  }

  #find(callId: string): SimCall | undefined {
    return this.#calls.get(callId) ?? this.#byEntity.get(callId)
  }
}
