import type { PlaybackTimeline } from '../core/platform/rest'

/** One stretch of a turn, in simulated ms since the call started (`end` null: still running). */
export type SpeechWindow =
  SpokenWindow | { kind: 'tool'; start: number; end: number | null; callId: string }

/** Someone speaking, or a moment (a barge-in), between two known times. */
export interface SpokenWindow {
  kind:
    | 'caller'
    | 'operator'
    | 'agent'
    | 'interrupted'
    | 'filler_nav'
    | 'filler_hesitation'
    | 'barge_in'
  start: number
  end: number
}

/** What the timeline needs of a turn (a `RecordedTurn`, see call-record.ts). */
interface TimelineTurn {
  user_transcript?: string | null | undefined
  state?: string | undefined
  tool_calls?:
    | readonly {
        call_id?: string | null
        tool_name: string
        succeeded?: boolean
        duration_ms?: number | null
        integration_name?: string | null
        endpoint_name?: string | null
        protocol?: string | null
      }[]
    | undefined
  state_transitions?: readonly { from_state: string; to_state: string }[] | undefined
  engine_ms?: number | null | undefined
  nav_ms?: number | null | undefined
  render_ms?: number | null | undefined
  audio_ttfb_ms?: number | null | undefined
  stt_confidence?: number | null | undefined
  emotion_label?: string | null | undefined
  emotion_valence?: number | null | undefined
  windows: readonly SpeechWindow[]
  e2eTtfbMs: number | null
  callerFinalAt: number | null
}

type Segment = PlaybackTimeline['segments'][number]

const LANES: PlaybackTimeline['lanes'] = [
  { id: 'caller', label: 'Caller', order: 0, track: 'caller' },
  { id: 'agent', label: 'Agent', order: 1, track: 'agent' },
  { id: 'operator', label: 'Operator', order: 2, track: 'operator' },
  { id: 'tool', label: 'Tools', order: 3, track: 'tool' },
  { id: 'system', label: 'System', order: 4, track: 'system' },
]

const seconds = (ms: number) => Math.round(ms) / 1000

/**
 * The platform's `PlaybackTimeline` (spec 4.4) of a call, as the simulated platform computes it
 * after the fact: per turn, the caller's and agent's speech, fillers, tools, state moves,
 * barge-ins and the processing gap between the caller's end of speech and the agent's first
 * audio; seconds from the call's start (`timebase.origin: call_start`).
 */
export function playbackTimeline(
  turns: readonly TimelineTurn[],
  durationMs: number,
): PlaybackTimeline {
  const segments: Segment[] = []
  const turnTimelines: PlaybackTimeline['turns'] = []
  const gaps: number[] = []
  let userSpeechMs = 0
  let agentSpeechMs = 0
  for (const [index, turn] of turns.entries()) {
    const first = segments.length
    const greeting = index === 0 && turn.user_transcript == null
    const reply = turn.windows.find((w) => w.kind === 'agent' || w.kind === 'interrupted')
    for (const window of turn.windows) {
      const segment = segmentOf(window, index, turn, greeting, window === reply)
      if (segment === null) continue
      segments.push(segment)
      const ms = (segment.end - segment.start) * 1000
      if (window.kind === 'caller') userSpeechMs += ms
      else if (window.kind !== 'tool' && window.kind !== 'barge_in' && window.kind !== 'operator')
        agentSpeechMs += ms
    }
    const caller = turn.windows.find((w): w is SpokenWindow => w.kind === 'caller')
    const firstAudio = turn.windows.find(
      (w) =>
        w.kind !== 'caller' && w.kind !== 'tool' && w.kind !== 'barge_in' && w.kind !== 'operator',
    )
    if (caller && firstAudio && firstAudio.start > caller.end) {
      gaps.push(firstAudio.start - caller.end)
      segments.push({
        type: 'processing_gap',
        lane: 'system',
        track: 'system',
        label: 'Processing',
        start: seconds(caller.end),
        end: seconds(firstAudio.start),
        turn_index: index,
        duration_ms: firstAudio.start - caller.end,
      })
    }
    for (const move of turn.state_transitions ?? []) {
      const at = seconds(turn.callerFinalAt ?? caller?.end ?? turn.windows[0]?.start ?? 0)
      segments.push({
        type: 'state_transition',
        lane: 'events',
        label: `${move.from_state} → ${move.to_state}`,
        start: at,
        end: at,
        turn_index: index,
        from_state: move.from_state,
        to_state: move.to_state,
        state: move.to_state,
      })
    }
    const own = segments.slice(first)
    if (own.length > 0) {
      const start = Math.min(...own.map((segment) => segment.start))
      turnTimelines.push({
        turn_index: index,
        active_start: start,
        active_end: Math.max(...own.map((segment) => segment.end)),
        seek_to: start,
      })
    }
  }
  const average = (values: number[]) =>
    values.length === 0 ? null : Math.round(values.reduce((a, b) => a + b, 0) / values.length)
  return {
    duration_seconds: seconds(durationMs),
    timebase: { origin: 'call_start', start: 0, end: seconds(durationMs), unit: 'seconds' },
    lanes: LANES,
    segments,
    turns: turnTimelines,
    avg_perceived_latency_ms: average(gaps),
    avg_processing_gap_ms: average(gaps),
    max_processing_gap_ms: gaps.length === 0 ? null : Math.max(...gaps),
    total_user_speech_seconds: seconds(userSpeechMs),
    total_agent_speech_seconds: seconds(agentSpeechMs),
    total_silence_seconds: seconds(Math.max(0, durationMs - userSpeechMs - agentSpeechMs)),
  }
}

function segmentOf(
  window: SpeechWindow,
  index: number,
  turn: TimelineTurn,
  greeting: boolean,
  isReply: boolean,
): Segment | null {
  const base = { turn_index: index, state: turn.state ?? null }
  switch (window.kind) {
    case 'caller':
      return {
        ...base,
        type: 'caller_speech',
        lane: 'caller',
        track: 'caller',
        label: 'Caller',
        start: seconds(window.start),
        end: seconds(window.end),
        stt_confidence: turn.stt_confidence ?? null,
        emotion: turn.emotion_label ?? null,
        valence: turn.emotion_valence ?? null,
      }
    case 'operator':
      return {
        ...base,
        type: 'caller_speech',
        lane: 'operator',
        track: 'operator',
        label: 'Operator',
        start: seconds(window.start),
        end: seconds(window.end),
      }
    case 'agent':
    case 'interrupted':
      return {
        ...base,
        type: greeting
          ? 'greeting'
          : window.kind === 'agent'
            ? 'agent_speech'
            : 'interrupted_speech',
        lane: 'agent',
        track: 'agent',
        label: greeting ? 'Greeting' : 'Agent',
        start: seconds(window.start),
        end: seconds(window.end),
        ...(isReply
          ? {
              e2e_ttfb_ms: turn.e2eTtfbMs,
              engine_ms: turn.engine_ms ?? null,
              nav_ms: turn.nav_ms ?? null,
              render_ms: turn.render_ms ?? null,
              audio_ttfb_ms: turn.audio_ttfb_ms ?? null,
            }
          : {}),
      }
    case 'filler_nav':
    case 'filler_hesitation':
      return {
        ...base,
        type: window.kind,
        lane: 'agent',
        track: 'agent',
        label: 'Filler',
        start: seconds(window.start),
        end: seconds(window.end),
      }
    case 'barge_in':
      return {
        ...base,
        type: 'barge_in',
        lane: 'events',
        label: 'Barge-in',
        start: seconds(window.start),
        end: seconds(window.end),
      }
    case 'tool': {
      if (window.end === null) return null
      const tool = turn.tool_calls?.find((call) => call.call_id === window.callId)
      return {
        ...base,
        type: 'tool_call',
        lane: 'tool',
        track: 'tool',
        label: tool?.tool_name ?? 'Tool',
        start: seconds(window.start),
        end: seconds(window.end),
        call_id: window.callId,
        tool_name: tool?.tool_name ?? null,
        succeeded: tool?.succeeded ?? null,
        duration_ms: tool?.duration_ms ?? null,
        integration_name: tool?.integration_name ?? null,
        endpoint_name: tool?.endpoint_name ?? null,
        protocol: tool?.protocol ?? null,
      }
    }
  }
}
