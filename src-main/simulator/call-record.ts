import { createHash } from 'node:crypto'
import type { ObserverEvent, ObserverEventOf } from '../core/events'
import type { CallDetail, CallTurn, PlaybackTimeline, ToolCallRecord } from '../core/platform/rest'
import { playbackTimeline, type SpeechWindow } from './playback-timeline'

/** A turn as `GET /calls/{id}` returns it (spec 4.4 `Turn`), with what the timeline needs too. */
export type RecordedTurn = CallTurn & {
  /** Simulated ms since the call started, for the playback timeline (not on the wire). */
  windows: SpeechWindow[]
  /** The first `latency` of the turn's reply: its end-to-end part is only on the timeline. */
  e2eTtfbMs: number | null
  /** When the caller's final transcript arrived (ms since the call started). */
  callerFinalAt: number | null
}

/** Words per minute the simulator's callers speak at (see scenario/calls/timing.ts). */
const CALLER_MS_PER_WORD = 400
/** End-of-turn detection plus STT finalization, on average (timing.ts `endOfTurnMs`). */
const END_OF_TURN_MS = 420

/** A stable UUID-shaped id derived from a name (the platform's ids are UUIDs). */
export function stableUuid(name: string): string {
  const hex = createHash('sha1').update(name).digest('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

/**
 * What the simulated platform keeps of one call's conversation, built from the observer events
 * it emitted, in order: the turns (a caller's final utterance and everything the agent did in
 * answer: speech, fillers, state moves, tools, latency, emotion), the operator's speech in a
 * takeover (human segments), the conference's participants and the barge-ins. A turn opens at
 * the caller's final transcript; what the agent says before the caller speaks is the greeting.
 */
export class CallRecord {
  readonly turns: RecordedTurn[] = []
  readonly humanSegments: CallDetail['human_segments'] = []
  readonly participants: CallDetail['participants'] = []
  readonly bargeIns: CallDetail['barge_in_events'] = []
  readonly statesVisited: string[] = []
  conferenceSid: string | null = null
  state = ''
  emotionalSummary: Record<string, unknown> | null = null
  #agentStartedAt: number | null = null

  constructor(
    readonly callSid: string,
    /** Wall-clock ms of the call's start, for ISO timestamps. */
    readonly startedAtMs: number,
  ) {}

  /** Takes one observer event the call emitted, `at` ms after the call started. */
  add(event: ObserverEvent, at: number): void {
    switch (event.type) {
      case 'session_start':
        this.#enter(event.initial_state ?? '')
        return
      case 'state_transition':
        this.#turn(at).state_transitions.push({
          from_state: event.previous_state,
          to_state: event.next_state,
          previous_state: event.previous_state,
          next_state: event.next_state,
          type: event.transition_type ?? null,
          annotation: event.annotation ?? null,
        })
        this.#enter(event.next_state)
        return
      case 'user_transcript':
        this.#heard(event, at)
        return
      case 'agent_transcript_delta':
        this.#agentStartedAt ??= at
        return
      case 'agent_transcript':
        this.#said(event, at)
        return
      case 'latency': {
        const turn = this.#turn(at)
        if (turn.engine_ms !== undefined && turn.engine_ms !== null) return
        turn.engine_ms = event.engine_ms
        turn.nav_ms = event.nav_ms
        turn.render_ms = event.render_ms
        turn.audio_ttfb_ms = event.audio_ttfb_ms
        turn.e2eTtfbMs = event.e2e_ttfb_ms
        return
      }
      case 'tool_call_started':
        this.#turn(at).tool_calls.push({
          call_id: event.call_id,
          succeeded: true,
          tool_name: event.tool_name,
          input: typeof event.input === 'object' ? event.input : null,
          integration_name: event.integration_name ?? null,
          endpoint_name: event.endpoint_name ?? null,
          protocol: event.protocol ?? null,
        })
        this.#window(this.#turn(at), { kind: 'tool', start: at, end: null, callId: event.call_id })
        return
      case 'tool_call_completed':
        this.#toolDone(event, at)
        return
      case 'emotion': {
        const turn = this.#turn(at)
        turn.emotion_label = event.dominant
        turn.emotion_valence = event.valence
        return
      }
      case 'barge_in':
        this.bargeIns.push({
          interrupted_text: event.interrupted_text ?? null,
          discarded_texts: event.discarded_texts ?? null,
          interrupted_speaker_id: event.interrupted_speaker_id ?? null,
          interrupting_speaker_id: event.interrupting_speaker_id ?? null,
          total_barge_ins: event.total_barge_ins ?? null,
        })
        this.#turn(at).interrupted = true
        this.#window(this.#turn(at), { kind: 'barge_in', start: at, end: at })
        return
      case 'participant_joined':
        this.conferenceSid ??= event.conference_sid
        this.participants.push({
          participant_id: event.participant_id,
          role: event.participant_role,
          display_name: event.display_name ?? null,
          phone_number: event.phone_number ?? null,
          joined_at: this.#iso(at),
          left_at: null,
        })
        return
      case 'participant_left': {
        const joined = this.participants.findLast(
          (participant) => participant.participant_id === event.participant_id,
        )
        if (joined) joined.left_at = this.#iso(at)
        return
      }
      case 'session_end':
        this.emotionalSummary = event.emotional_summary ?? null
        return
      default:
        return
    }
  }

  #enter(state: string): void {
    if (state === '') return
    this.state = state
    if (this.statesVisited.at(-1) !== state) this.statesVisited.push(state)
  }

  /** The turn in progress; the greeting turn when the caller has not spoken yet. */
  #turn(at: number): RecordedTurn {
    return this.turns.at(-1) ?? this.#open(at, null)
  }

  #open(at: number, callerFinalAt: number | null): RecordedTurn {
    const turn: RecordedTurn = {
      id: stableUuid(`${this.callSid}/turn/${this.turns.length}`),
      timestamp: this.#iso(at),
      state: this.state,
      user_transcript: null,
      agent_transcript: null,
      interrupted: false,
      inner_thoughts: [],
      trigger: '',
      tool_calls: [],
      state_transitions: [],
      windows: [],
      e2eTtfbMs: null,
      callerFinalAt,
    }
    this.turns.push(turn)
    return turn
  }

  #heard(event: ObserverEventOf<'user_transcript'>, at: number): void {
    if (event.speaker_role === 'operator') {
      this.humanSegments.push({
        speaker_role: 'operator',
        timestamp: this.#iso(at),
        transcript: event.transcript,
      })
      this.#window(this.#turn(at), { kind: 'operator', ...this.#spoken(event.transcript, at) })
      return
    }
    const spoken = this.#spoken(event.transcript, at)
    const turn = this.#open(spoken.start, at)
    turn.user_transcript = event.transcript
    turn.speaker_id = event.speaker_id ?? null
    turn.speaker_role = event.speaker_role ?? 'caller'
    turn.stt_confidence = event.stt_confidence ?? null
    turn.eot_confidence = event.eot_confidence ?? null
    turn.user_speech_start_ms = spoken.start
    turn.user_speech_end_ms = spoken.end
    this.#window(turn, { kind: 'caller', ...spoken })
  }

  #said(event: ObserverEventOf<'agent_transcript'>, at: number): void {
    const turn = this.#turn(at)
    const start = event.filler_type ? at : (this.#agentStartedAt ?? at)
    this.#agentStartedAt = null
    turn.agent_transcript = turn.agent_transcript
      ? `${turn.agent_transcript} ${event.transcript}`
      : event.transcript
    if (event.filler_type) turn.filler_type ??= event.filler_type
    else turn.agent_action = event.action ?? turn.agent_action ?? null
    if (event.interrupted) turn.interrupted = true
    turn.agent_speech_start_ms ??= start
    turn.agent_speech_end_ms = at
    const kind = event.filler_type
      ? event.filler_type === 'working'
        ? 'filler_nav'
        : 'filler_hesitation'
      : event.interrupted
        ? 'interrupted'
        : 'agent'
    this.#window(turn, { kind, start, end: at })
  }

  #toolDone(event: ObserverEventOf<'tool_call_completed'>, at: number): void {
    const turn = this.#turn(at)
    const tool: ToolCallRecord | undefined = turn.tool_calls.find(
      (call) => call.call_id === event.call_id,
    )
    if (tool) {
      tool.duration_ms = event.duration_ms ?? null
      tool.succeeded = event.succeeded
      tool.output = event.output ?? null
      tool.error_message = event.error_message ?? null
    }
    const window = turn.windows.find((w) => w.kind === 'tool' && w.callId === event.call_id)
    if (window) window.end = at
  }

  /** When the caller said `text`, estimated back from when its final transcript arrived. */
  #spoken(text: string, finalAt: number): { start: number; end: number } {
    const end = Math.max(0, finalAt - END_OF_TURN_MS)
    const words = text.split(/\s+/).filter(Boolean).length
    return { start: Math.max(0, end - words * CALLER_MS_PER_WORD), end }
  }

  #window(turn: RecordedTurn, window: SpeechWindow): void {
    turn.windows.push(window)
  }

  #iso(at: number): string {
    return new Date(this.startedAtMs + at).toISOString()
  }

  /** The turns as the wire carries them (without the simulator's own bookkeeping). */
  wireTurns(): CallTurn[] {
    return this.turns.map(({ windows: _w, e2eTtfbMs: _e, callerFinalAt: _c, ...turn }) => ({
      ...turn,
      tool_calls: turn.tool_calls.map((call) => ({ ...call })),
      state_transitions: turn.state_transitions.map((move) => ({ ...move })),
    }))
  }

  /** The platform's playback timeline of the call so far, `durationMs` long. */
  timeline(durationMs: number): PlaybackTimeline {
    return playbackTimeline(this.turns, durationMs)
  }
}
