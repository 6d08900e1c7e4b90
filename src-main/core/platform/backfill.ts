import { normalizeObserverFrame } from '../events'
import { latencyParts, toolCallId, type CallLedger, type MissingTurn } from './call-ledger'
import type { ObserverFrame } from './observer-socket'
import type { CallDetail, PlaybackTimeline } from './rest'

// Backfill: what a call's ledger says is missing from its REST record (call-ledger.ts), as the
// observer frames the socket would have sent, marked as filled in after the fact.

/**
 * Observer frames for the missing parts, as the socket would have sent them, turn by turn in the
 * order a turn happens: the caller's words, the state moves, the tools, the latency reading, the
 * agent's speech. Each raw frame is the synthesized event plus where it came from — `backfilled`,
 * the REST turn's `turn_id` and `timestamp` (when it was spoken), and for a latency reading
 * whose end-to-end time the platform gave only on its playback timeline, whether that time had to
 * be estimated — fields the normalizer drops from the typed event, so re-normalizing the raw frame
 * gives the same event.
 */
export function backfillFrames(
  callSid: string,
  missing: readonly MissingTurn[],
  timeline: PlaybackTimeline | null,
  receivedAt: number,
): ObserverFrame[] {
  const frames: ObserverFrame[] = []
  const add = (fields: Record<string, unknown>) => {
    frames.push(frame(callSid, receivedAt, fields))
  }
  for (const part of missing) {
    const { turn } = part
    const provenance = {
      backfilled: true,
      turn_id: turn.id ?? null,
      timestamp: turn.timestamp ?? null,
    }
    const state = turn.state
    if (part.user !== null) {
      const role = turn.speaker_role && turn.speaker_role !== 'agent' ? turn.speaker_role : null
      add({
        type: 'user_transcript',
        transcript: part.user,
        state,
        speaker_role: role,
        speaker_id: turn.speaker_id ?? null,
        stt_confidence: turn.stt_confidence ?? null,
        eot_confidence: turn.eot_confidence ?? null,
        ...provenance,
      })
    }
    for (const move of part.transitions) {
      add({
        type: 'state_transition',
        previous_state: move.from_state,
        next_state: move.to_state,
        transition_type: move.type ?? null,
        annotation: move.annotation ?? null,
        ...provenance,
      })
    }
    for (const { tool, start, completion } of part.tools) {
      const invocation = {
        call_id: toolCallId(tool, turn, part.index),
        tool_name: tool.tool_name,
        integration_name: tool.integration_name ?? null,
        endpoint_name: tool.endpoint_name ?? null,
        protocol: tool.protocol ?? null,
      }
      if (start) {
        add({ type: 'tool_call_started', ...invocation, input: tool.input ?? null, ...provenance })
      }
      if (completion) {
        add({
          type: 'tool_call_completed',
          ...invocation,
          duration_ms: tool.duration_ms ?? null,
          succeeded: tool.succeeded,
          output: tool.output ?? null,
          error_message: tool.error_message ?? null,
          ...provenance,
        })
      }
    }
    if (part.latency) {
      const [engine, nav, render, audio] = latencyParts(turn)
      const e2e = endToEnd(timeline, part.index)
      add({
        type: 'latency',
        engine_ms: engine,
        nav_ms: nav,
        render_ms: render,
        audio_ttfb_ms: audio,
        // A lower bound when the timeline does not say: the engine, then the first audio.
        e2e_ttfb_ms: e2e ?? engine + audio,
        continuation: false,
        ...provenance,
        e2e_estimated: e2e === null,
      })
    }
    for (const [i, text] of part.agent.entries()) {
      add({
        type: 'agent_transcript',
        transcript: text,
        speaker_role: 'agent',
        // Where a turn was cut short, it was its last stretch that was cut.
        interrupted: turn.interrupted && i === part.agent.length - 1,
        ...provenance,
      })
    }
  }
  return frames
}

/** The end-to-end latency the playback timeline gives for a turn's reply, if it gives one. */
function endToEnd(timeline: PlaybackTimeline | null, turnIndex: number): number | null {
  for (const segment of timeline?.segments ?? []) {
    if (segment.turn_index === turnIndex && typeof segment.e2e_ttfb_ms === 'number') {
      return segment.e2e_ttfb_ms
    }
  }
  return null
}

/**
 * The missing parts of a call's record, ready to be stored. With `before` (epoch ms: when the
 * socket connected, on the platform's clock), only turns over by then are considered: a turn is
 * over once the next one has begun (its last frames, a barge-in's cut reply included, come before
 * that), so a turn in progress is left to the socket. Without it, the whole record.
 */
export function backfillOf(
  callSid: string,
  ledger: CallLedger,
  detail: CallDetail,
  options: { receivedAt: number; before: number | null },
): { missing: MissingTurn[]; frames: ObserverFrame[] } {
  const { receivedAt, before } = options
  const earlier = (timestamp: string | null | undefined) =>
    before === null || Date.parse(timestamp ?? '') < before
  const turns = detail.turns.filter(
    (_, i) => before === null || earlier(detail.turns[i + 1]?.timestamp),
  )
  const missing = ledger.missing(turns)
  const frames = backfillFrames(callSid, missing, detail.timeline ?? null, receivedAt)
  const segments = detail.human_segments.filter((segment) => earlier(segment.timestamp))
  for (const segment of ledger.missingOperatorSpeech(segments)) {
    // An operator's words in a takeover, as the observer carries them.
    frames.push(
      frame(callSid, receivedAt, {
        type: 'user_transcript',
        transcript: segment.transcript,
        speaker_role: 'operator',
        state: '',
        backfilled: true,
        turn_id: null,
        timestamp: segment.timestamp ?? null,
      }),
    )
  }
  return { missing, frames }
}

function frame(
  callSid: string,
  receivedAt: number,
  fields: Record<string, unknown>,
): ObserverFrame {
  const raw = JSON.stringify(fields)
  return { result: normalizeObserverFrame(raw), callSid, receivedAt, raw }
}
