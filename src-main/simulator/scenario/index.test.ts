import { describe, expect, it } from 'vitest'
import {
  eventTypeOf,
  observerEventSchemas,
  observerEventTypes,
  workspaceEventSchemas,
  workspaceEventTypes,
} from '../../core/events/catalog'
import { DEFAULT_WORKSPACE_ID, generateScenario } from './index'
import { callsIn, completeCalls, runFor, typeKey } from './testing'
import type { Emission } from './types'

const TEN_MINUTES = 10
const SEEDS = [1, 2, 3, 42, 1234, 987654321, -7]

/** The 64 types the scenario emits: all 65 but `session_info`, which the server sends on connect. */
const EXPECTED_TYPES = [
  ...workspaceEventTypes.map((type) => `workspace:${type}`),
  ...observerEventTypes.filter((type) => type !== 'session_info').map((type) => `observer:${type}`),
]

const schemaFor = new Map<string, { parse: (value: unknown) => unknown }>([
  ...workspaceEventSchemas.map(
    (schema) => [`workspace:${eventTypeOf(schema, 'event_type')}`, schema] as const,
  ),
  ...observerEventSchemas.map(
    (schema) => [`observer:${eventTypeOf(schema, 'type')}`, schema] as const,
  ),
])

const runs = new Map<number, Emission[]>()
function tenMinutes(seed: number): Emission[] {
  let run = runs.get(seed)
  if (!run) {
    run = runFor({ seed }, TEN_MINUTES)
    runs.set(seed, run)
  }
  return run
}

describe('generateScenario', () => {
  it('gives the same emissions for the same seed', () => {
    expect(runFor({ seed: 5 }, 3)).toEqual(runFor({ seed: 5 }, 3))
  })

  it('gives different runs for different seeds', () => {
    const first = JSON.stringify(runFor({ seed: 5 }, 3))
    expect(JSON.stringify(runFor({ seed: 6 }, 3))).not.toBe(first)
    expect(JSON.stringify(runFor({ seed: 5.5 }, 3))).not.toBe(first)
  })

  it.each(SEEDS)('emits every event type but session_info within ten minutes (seed %i)', (seed) => {
    const seen = new Set(tenMinutes(seed).map(typeKey))
    expect(EXPECTED_TYPES.filter((type) => !seen.has(type))).toEqual([])
    expect(seen.has('observer:session_info')).toBe(false)
    expect(seen.size).toBe(64)
  })

  it.each(SEEDS.slice(0, 3))('emits only valid, normalized events (seed %i)', (seed) => {
    for (const emission of tenMinutes(seed)) {
      const schema = schemaFor.get(typeKey(emission))
      expect(schema, typeKey(emission)).toBeDefined()
      // Parsing the normalized form changes nothing: no missing defaults, no stray fields.
      expect(schema?.parse(emission.event)).toEqual(emission.event)
    }
  })

  it.each(SEEDS)('emits in non-decreasing whole milliseconds (seed %i)', (seed) => {
    let previous = 0
    for (const { at } of tenMinutes(seed)) {
      expect(Number.isInteger(at)).toBe(true)
      expect(at).toBeGreaterThanOrEqual(previous)
      previous = at
    }
  })

  it('generates a ten-minute run quickly and lazily', () => {
    const started = performance.now()
    runFor({ seed: 99 }, TEN_MINUTES)
    expect(performance.now() - started).toBeLessThan(1000)
    const iterator = generateScenario({ seed: 99 })
    const first = iterator.next()
    expect(first.done).toBe(false)
  })

  it('keeps going long after the first ten minutes', () => {
    let count = 0
    let last = 0
    for (const emission of generateScenario({ seed: 3, callsPerMinute: 0 })) {
      last = emission.at
      if (++count === 2000) break
    }
    expect(last).toBeGreaterThan(60 * 60_000)
  })

  it('names the workspace it is given', () => {
    const workspaceId = '11111111-2222-4333-8444-555555555555'
    const starts = runFor({ seed: 1, workspaceId }, 2).flatMap((e) =>
      e.stream === 'observer' && e.event.type === 'session_start' ? [e.event.workspace_id] : [],
    )
    expect(starts.length).toBeGreaterThan(0)
    expect(new Set(starts)).toEqual(new Set([workspaceId]))
    const defaults = runFor({ seed: 1 }, 1).flatMap((e) =>
      e.stream === 'observer' && e.event.type === 'session_start' ? [e.event.workspace_id] : [],
    )
    expect(new Set(defaults)).toEqual(new Set([DEFAULT_WORKSPACE_ID]))
  })

  it('rejects options it cannot honour', () => {
    expect(() => generateScenario({ seed: Number.NaN }).next()).toThrow(RangeError)
    expect(() => generateScenario({ seed: 1, concurrency: 0 }).next()).toThrow(RangeError)
    expect(() => generateScenario({ seed: 1, concurrency: 1.5 }).next()).toThrow(RangeError)
    expect(() => generateScenario({ seed: 1, callsPerMinute: -1 }).next()).toThrow(RangeError)
  })
})

describe('voice calls', () => {
  it.each([
    [8, 6],
    [2, 6],
    [3, 30],
  ])('never has more than %i calls at once (%i calls a minute)', (concurrency, callsPerMinute) => {
    let inProgress = 0
    let most = 0
    for (const emission of runFor({ seed: 11, concurrency, callsPerMinute }, 30)) {
      if (emission.stream !== 'workspace') continue
      if (emission.event.event_type === 'call.started') inProgress++
      if (emission.event.event_type === 'call.ended') inProgress--
      most = Math.max(most, inProgress)
    }
    expect(most).toBe(concurrency)
  })

  it('starts calls at about the requested rate when there is room', () => {
    const run = runFor({ seed: 8, callsPerMinute: 6, concurrency: 1000 }, 60)
    const started = run.filter(
      (e) => e.stream === 'workspace' && e.event.event_type === 'call.started',
    ).length
    expect(started).toBeGreaterThan(300)
    expect(started).toBeLessThan(420)
  })

  it('starts a waiting call the moment another ends', () => {
    const run = runFor({ seed: 4, concurrency: 1 }, 20)
    const ends = run.filter((e) => e.stream === 'workspace' && e.event.event_type === 'call.ended')
    const starts = run.filter(
      (e) => e.stream === 'workspace' && e.event.event_type === 'call.started',
    )
    // At 6 calls a minute one line is always busy, so each call starts as the previous ends.
    for (const [index, end] of ends.slice(0, -1).entries()) {
      expect(starts[index + 1]?.at).toBe(end.at)
    }
  })

  it.each(SEEDS.slice(0, 4))(
    'keeps each call between call.started and call.ended, from session_start to session_end (seed %i)',
    (seed) => {
      const calls = completeCalls(tenMinutes(seed))
      expect(calls.length).toBeGreaterThan(20)
      for (const call of calls) {
        expect(call.callSid).toMatch(/^CA[0-9a-f]{32}$/)
        const started = call.workspace[0]
        const ended = call.workspace.find(({ event }) => event.event_type === 'call.ended')
        const first = call.observer[0]
        const last = call.observer.at(-1)
        expect(started?.event.event_type).toBe('call.started')
        expect(first?.event.type).toBe('session_start')
        expect(last?.event.type).toBe('session_end')
        expect(call.observer.filter(({ event }) => event.type === 'session_end')).toHaveLength(1)
        expect(first?.at).toBeGreaterThanOrEqual(started?.at ?? Infinity)
        expect(last?.at).toBeLessThanOrEqual(ended?.at ?? -Infinity)
      }
    },
  )

  it.each(SEEDS.slice(0, 4))('finalizes each agent turn as its deltas joined (seed %i)', (seed) => {
    let turns = 0
    for (const call of callsIn(tenMinutes(seed))) {
      let streamed: string[] = []
      for (const { event } of call.observer) {
        if (event.type === 'agent_transcript_delta') streamed.push(event.delta)
        if (event.type !== 'agent_transcript') continue
        if (event.filler_type) {
          // A filler is pre-rendered: no deltas lead up to it.
          expect(streamed).toEqual([])
        } else {
          expect(event.transcript).toBe(streamed.join(''))
          turns++
        }
        streamed = []
      }
    }
    expect(turns).toBeGreaterThan(100)
  })

  it('reports every tool call twice, started then completed, and some fail', () => {
    const run = runFor({ seed: 21 }, 60)
    const open = new Set<string>()
    let completed = 0
    let failed = 0
    for (const emission of run) {
      if (emission.stream !== 'observer') continue
      const { event } = emission
      if (event.type === 'tool_call_started') open.add(event.call_id)
      if (event.type === 'tool_call_completed') {
        expect(open.delete(event.call_id)).toBe(true)
        expect(event.duration_ms).toBeGreaterThan(0)
        completed++
        if (!event.succeeded) {
          failed++
          expect(event.error_message).toBeTruthy()
        } else {
          expect(event.output).toBeTruthy()
        }
      }
    }
    expect(completed).toBeGreaterThan(300)
    expect(failed / completed).toBeGreaterThan(0.08)
    expect(failed / completed).toBeLessThan(0.22)
  })

  it('follows each barge-in with the interrupting caller turn', () => {
    let bargeIns = 0
    for (const call of callsIn(runFor({ seed: 31 }, 30))) {
      const events = call.observer.map(({ event }) => event)
      for (const [index, event] of events.entries()) {
        if (event.type !== 'barge_in') continue
        bargeIns++
        const interrupted = events[index - 1]
        expect(interrupted?.type === 'agent_transcript' && interrupted.interrupted).toBe(true)
        if (interrupted?.type === 'agent_transcript') {
          expect(event.interrupted_text).toBe(interrupted.transcript.trim())
        }
        expect(event.discarded_texts?.[0]?.length).toBeGreaterThan(0)
        const next = events.slice(index + 1).find((e) => e.type === 'user_transcript')
        expect(next?.type === 'user_transcript' && next.is_barge_in).toBe(true)
      }
    }
    expect(bargeIns).toBeGreaterThan(5)
  })

  it('ends forwarded calls after a resolved forward', () => {
    const calls = completeCalls(runFor({ seed: 13 }, 40))
    const forwarded = calls.filter((call) =>
      call.workspace.some(
        ({ event }) => event.event_type === 'call.ended' && event.completion_reason === 'forwarded',
      ),
    )
    expect(forwarded.length).toBeGreaterThan(2)
    for (const call of forwarded) {
      const resolved = call.observer.find(({ event }) => event.type === 'forward_call_resolved')
      expect(resolved?.event).toMatchObject({ result: 'connected' })
      expect(call.observer.at(-1)?.event).toMatchObject({ completion_reason: 'forwarded' })
    }
  })

  it('ends calls for the documented reasons', () => {
    const reasons = new Set(
      runFor({ seed: 17 }, 60).flatMap((e) =>
        e.stream === 'workspace' && e.event.event_type === 'call.ended'
          ? [e.event.completion_reason]
          : [],
      ),
    )
    expect([...reasons].sort()).toEqual(
      ['abandoned', 'caller_hangup', 'completed', 'escalated', 'forwarded', 'voicemail'].sort(),
    )
  })
})
