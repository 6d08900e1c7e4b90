import { afterEach, describe, expect, it } from 'vitest'
import type { ObserverEvent, ObserverEventOf } from '../core/events'
import {
  callDetailSchema,
  operatorPageSchema,
  operatorSchema,
  playbackTimelineSchema,
  servicePageSchema,
  serviceSchema,
  timelineSegmentSchema,
  toolCallSchema,
  turnSchema,
  unreadableItems,
  type CallDetail,
} from '../core/platform/rest'
import { DEFAULT_WORKSPACE_ID, generateScenario } from './scenario'
import { startSimulator, type Simulator } from './simulator'
import { getJson } from './testing/raw-clients'

// The simulator's REST answers against spec 4.4 and 4.5, field by field, and against what each
// call really emitted on its observer stream (regenerated from the same seed), so that a client
// tested on the simulator is tested on the shapes the platform sends.

const SEED = 3
const EPOCH = Date.UTC(2026, 10, 23, 14)
const MINUTES = 10

let sim: Simulator | null = null
afterEach(async () => {
  await sim?.close()
  sim = null
})

function auth(s: Simulator): Record<string, string> {
  return { Authorization: `Bearer ${s.apiKey}` }
}

/** Every observer event each call emitted in the first `minutes`, in order. */
function emittedByCall(minutes: number): Map<string, ObserverEvent[]> {
  const byCall = new Map<string, ObserverEvent[]>()
  const scenario = generateScenario({
    seed: SEED,
    workspaceId: DEFAULT_WORKSPACE_ID,
    epochMs: EPOCH,
  })
  for (const emission of scenario) {
    if (emission.at > minutes * 60_000) break
    if (emission.stream !== 'observer') continue
    const events = byCall.get(emission.callSid) ?? []
    events.push(emission.event)
    byCall.set(emission.callSid, events)
  }
  return byCall
}

function ofType<T extends ObserverEvent['type']>(
  events: readonly ObserverEvent[],
  type: T,
): ObserverEventOf<T>[] {
  return events.filter((event): event is ObserverEventOf<T> => event.type === type)
}

/** Keys the object has that the schema does not define: invented fields. */
function undocumented(value: unknown, shape: Record<string, unknown>): string[] {
  return Object.keys(value as object).filter((key) => !(key in shape))
}

async function detailOf(
  s: Simulator,
  callId: string,
): Promise<{ body: unknown; detail: CallDetail }> {
  const answer = await getJson(s.baseUrl, `/v1/${s.workspaceId}/calls/${callId}`, auth(s))
  expect(answer.status).toBe(200)
  return { body: answer.body, detail: callDetailSchema.parse(answer.body) }
}

describe('GET calls/{call_id} (spec 4.4 CallDetailResponse)', () => {
  it('answers only documented fields: no turn_index, no entity_id, times as call_start_time', async () => {
    const s = (sim = await startSimulator({ clock: 'manual', seed: SEED, epochMs: EPOCH }))
    s.advance(MINUTES * 60_000)
    for (const [callSid] of emittedByCall(MINUTES)) {
      const { body, detail } = await detailOf(s, callSid)
      expect(undocumented(body, callDetailSchema.shape)).toEqual([])
      const turns = (body as { turns: unknown[] }).turns
      for (const turn of turns) {
        expect(undocumented(turn, turnSchema.shape)).toEqual([])
        for (const tool of (turn as { tool_calls: unknown[] }).tool_calls) {
          expect(undocumented(tool, toolCallSchema.shape)).toEqual([])
        }
      }
      expect(unreadableItems(detail.turns)).toBe(0)
      expect(detail.call_sid).toBe(callSid)
      expect(Date.parse(detail.call_start_time ?? '')).toBeGreaterThanOrEqual(EPOCH)
      expect(detail.call_duration_seconds).toBeGreaterThan(0)
    }
  })

  it('holds every turn the call emitted: transcripts, states, tools, latency parts, emotion', async () => {
    const s = (sim = await startSimulator({ clock: 'manual', seed: SEED, epochMs: EPOCH }))
    s.advance(MINUTES * 60_000)
    let toolsSeen = 0
    for (const [callSid, events] of emittedByCall(MINUTES)) {
      const { detail } = await detailOf(s, callSid)
      const callerLines = ofType(events, 'user_transcript').filter(
        (e) => e.speaker_role !== 'operator',
      )
      expect(detail.turns.flatMap((turn) => turn.user_transcript ?? [])).toEqual(
        callerLines.map((e) => e.transcript),
      )
      // The agent's speech of a turn is its agent_transcript frames joined, fillers included.
      expect(detail.turns.flatMap((turn) => turn.agent_transcript ?? []).join(' ')).toBe(
        ofType(events, 'agent_transcript')
          .map((e) => e.transcript)
          .join(' '),
      )
      expect(detail.turns.flatMap((turn) => turn.state_transitions)).toEqual(
        ofType(events, 'state_transition').map((e) => ({
          from_state: e.previous_state,
          to_state: e.next_state,
          previous_state: e.previous_state,
          next_state: e.next_state,
          type: e.transition_type ?? null,
          annotation: e.annotation ?? null,
        })),
      )
      const completed = ofType(events, 'tool_call_completed')
      const tools = detail.turns.flatMap((turn) => turn.tool_calls)
      expect(tools.map((tool) => tool.call_id)).toEqual(completed.map((e) => e.call_id))
      for (const [i, tool] of tools.entries()) {
        const done = completed[i]
        expect(tool).toMatchObject({
          tool_name: done?.tool_name,
          duration_ms: done?.duration_ms,
          succeeded: done?.succeeded,
          output: done?.output ?? null,
          error_message: done?.error_message ?? null,
        })
      }
      toolsSeen += tools.length
      const latencies = ofType(events, 'latency')
      const withLatency = detail.turns.filter((turn) => turn.engine_ms != null)
      expect(withLatency.length).toBeGreaterThan(0)
      for (const turn of withLatency) {
        expect(
          latencies.some(
            (l) =>
              l.engine_ms === turn.engine_ms &&
              l.nav_ms === turn.nav_ms &&
              l.render_ms === turn.render_ms &&
              l.audio_ttfb_ms === turn.audio_ttfb_ms,
          ),
        ).toBe(true)
      }
      const operatorLines = ofType(events, 'user_transcript').filter(
        (e) => e.speaker_role === 'operator',
      )
      expect(detail.human_segments.map((segment) => segment.transcript)).toEqual(
        operatorLines.map((e) => e.transcript),
      )
      expect(detail.barge_in_events).toHaveLength(ofType(events, 'barge_in').length)
      expect(detail.participants).toHaveLength(ofType(events, 'participant_joined').length)
      // Turns are in order: their timestamps never go back.
      const times = detail.turns.map((turn) => Date.parse(turn.timestamp ?? ''))
      expect(times).toEqual([...times].sort((a, b) => a - b))
    }
    expect(toolsSeen).toBeGreaterThan(0)
  })

  it('carries the PlaybackTimeline, the same as GET calls/{id}/timeline', async () => {
    const s = (sim = await startSimulator({ clock: 'manual', seed: SEED, epochMs: EPOCH }))
    s.advance(MINUTES * 60_000)
    const lanes = ['agent', 'caller', 'events', 'operator', 'system', 'tool']
    const types = [
      'agent_speech',
      'barge_in',
      'caller_speech',
      'filler_hesitation',
      'filler_nav',
      'greeting',
      'interrupted_speech',
      'processing_gap',
      'silence',
      'silence_check',
      'state_transition',
      'tool_call',
    ]
    for (const [callSid, events] of emittedByCall(MINUTES)) {
      const { detail } = await detailOf(s, callSid)
      const timeline = detail.timeline
      expect(timeline).not.toBeNull()
      if (!timeline) continue
      const alone = await getJson(
        s.baseUrl,
        `/v1/${s.workspaceId}/calls/${callSid}/timeline`,
        auth(s),
      )
      expect(playbackTimelineSchema.parse(alone.body)).toEqual(timeline)
      for (const segment of (alone.body as { segments: unknown[] }).segments) {
        expect(undocumented(segment, timelineSegmentSchema.shape)).toEqual([])
      }
      for (const segment of timeline.segments) {
        expect(lanes).toContain(segment.lane)
        expect(types).toContain(segment.type)
        expect(segment.end).toBeGreaterThanOrEqual(segment.start)
        expect(segment.turn_index).toBeLessThan(detail.turns.length)
      }
      const toolSegments = timeline.segments.filter((segment) => segment.type === 'tool_call')
      expect(toolSegments.map((segment) => segment.call_id)).toEqual(
        ofType(events, 'tool_call_completed').map((e) => e.call_id),
      )
      expect(timeline.duration_seconds).toBeCloseTo(detail.call_duration_seconds, 0)
    }
  })
})

describe('GET services and operators (spec 4.5, 4.2)', () => {
  it('lists the services that the events name, paginated, with only documented fields', async () => {
    const s = (sim = await startSimulator({ clock: 'manual', seed: SEED, epochMs: EPOCH }))
    const first = await getJson(s.baseUrl, `/v1/${s.workspaceId}/services?limit=2`, auth(s))
    const page = servicePageSchema.parse(first.body)
    expect(page.items).toHaveLength(2)
    expect(page.has_more).toBe(true)
    for (const item of (first.body as { items: unknown[] }).items) {
      expect(undocumented(item, serviceSchema.shape)).toEqual([])
    }
    const rest = servicePageSchema.parse(
      (
        await getJson(
          s.baseUrl,
          `/v1/${s.workspaceId}/services?limit=2&continuation_token=${page.continuation_token ?? 0}`,
          auth(s),
        )
      ).body,
    )
    const services = [...page.items, ...rest.items]
    s.advance(MINUTES * 60_000)
    const named = new Set(
      s.log.frames.flatMap((frame) =>
        frame.stream === 'workspace' && frame.event === 'call.started'
          ? [(JSON.parse(frame.data) as { service_id: string }).service_id]
          : [],
      ),
    )
    const ids = new Set(services.map((service) => service.id))
    for (const id of named) expect(ids.has(id)).toBe(true)
    expect(services.every((service) => service.name.length > 0)).toBe(true)
  })

  it('lists operators 20 a page at most, with their status and call kept from the events', async () => {
    const s = (sim = await startSimulator({ clock: 'manual', seed: SEED, epochMs: EPOCH }))
    const tooMany = await getJson(s.baseUrl, `/v1/${s.workspaceId}/operators?limit=21`, auth(s))
    expect(tooMany.status).toBe(422)
    s.advance(MINUTES * 60_000)
    const answer = await getJson(s.baseUrl, `/v1/${s.workspaceId}/operators?limit=20`, auth(s))
    const operators = operatorPageSchema.parse(answer.body).items
    for (const item of (answer.body as { items: unknown[] }).items) {
      expect(undocumented(item, operatorSchema.shape)).toEqual([])
    }
    expect(operators.length).toBeGreaterThanOrEqual(5)
    expect(operators.filter((operator) => operator.name !== null).length).toBeGreaterThanOrEqual(5)
    expect((await getJson(s.baseUrl, `/v1/${s.workspaceId}/operators`)).status).toBe(401)
  })
})
