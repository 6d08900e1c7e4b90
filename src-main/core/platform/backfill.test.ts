import { describe, expect, it } from 'vitest'
import type { ObserverEvent } from '../events'
import { backfillOf } from './backfill'
import { CallLedger } from './call-ledger'
import { callDetailSchema, type CallDetail, type CallTurn } from './rest'

// Backfill from the spec 4.4 shape: REST turns have no index, and carry tools, transitions and
// latency parts besides their transcripts.

function turn(fields: Partial<CallTurn> & { id: string }): CallTurn {
  return callDetailSchema.parse({ id: 'call-entity', turns: [fields] }).turns[0] as CallTurn
}

function detail(turns: object[], extra: object = {}): CallDetail {
  return callDetailSchema.parse({ id: '2c1f0000-0000-4000-8000-000000000001', turns, ...extra })
}

const greeting = {
  id: 't0',
  timestamp: '2026-11-23T14:00:01.000Z',
  state: 'greeting',
  agent_transcript: 'Hello, this is the clinic.',
  engine_ms: 400.5,
  nav_ms: 120.1,
  render_ms: 250.2,
  audio_ttfb_ms: 180.3,
}

const refill = {
  id: 't1',
  timestamp: '2026-11-23T14:00:06.000Z',
  state: 'intake',
  speaker_role: 'caller',
  user_transcript: 'I need a refill.',
  agent_transcript: 'One moment. Your refill is on its way.',
  state_transitions: [{ from_state: 'greeting', to_state: 'refill', type: 'navigate' }],
  tool_calls: [
    {
      call_id: 'call_abc',
      tool_name: 'lookup_prescription',
      input: { rx: '555' },
      duration_ms: 812,
      succeeded: true,
      output: '{"status":"ready"}',
    },
    {
      call_id: 'call_def',
      tool_name: 'notify_pharmacy',
      duration_ms: 3001,
      succeeded: false,
      error_message: 'timeout after 3 s',
    },
  ],
  engine_ms: 700,
  nav_ms: 300,
  render_ms: 350,
  audio_ttfb_ms: 190,
}

function ledgerOf(events: ObserverEvent[]): CallLedger {
  const ledger = new CallLedger()
  for (const event of events) ledger.add(event)
  return ledger
}

function delivered(): ObserverEvent[] {
  return [
    {
      type: 'agent_transcript',
      transcript: 'Hello, this is the clinic.',
      interrupted: false,
    },
    {
      type: 'latency',
      engine_ms: 400.5,
      nav_ms: 120.1,
      render_ms: 250.2,
      audio_ttfb_ms: 180.3,
      e2e_ttfb_ms: 650,
      continuation: false,
      is_greeting: true,
    },
  ] as ObserverEvent[]
}

describe('CallLedger.missing', () => {
  it('returns nothing when the call has every part of every turn', () => {
    const ledger = ledgerOf([
      ...delivered(),
      { type: 'user_transcript', transcript: 'I need a refill.', state: '' },
      { type: 'state_transition', previous_state: 'greeting', next_state: 'refill' },
      { type: 'tool_call_started', call_id: 'call_abc', tool_name: 'lookup_prescription' },
      {
        type: 'tool_call_completed',
        call_id: 'call_abc',
        tool_name: 'lookup_prescription',
        succeeded: true,
      },
      { type: 'tool_call_started', call_id: 'call_def', tool_name: 'notify_pharmacy' },
      {
        type: 'tool_call_completed',
        call_id: 'call_def',
        tool_name: 'notify_pharmacy',
        succeeded: false,
      },
      {
        type: 'latency',
        engine_ms: 700,
        nav_ms: 300,
        render_ms: 350,
        audio_ttfb_ms: 190,
        e2e_ttfb_ms: 990,
        continuation: true,
        is_greeting: false,
      },
      { type: 'agent_transcript', transcript: 'One moment.', interrupted: false },
      { type: 'agent_transcript', transcript: 'Your refill is on its way.', interrupted: false },
    ] as ObserverEvent[])
    expect(ledger.missing(detail([greeting, refill]).turns)).toEqual([])
  })

  it('fills in every part of a missed turn: words, state move, tools with result and error, latency', () => {
    const ledger = ledgerOf(delivered())
    const call = detail([greeting, refill], {
      timeline: {
        duration_seconds: 12,
        segments: [
          {
            type: 'agent_speech',
            lane: 'agent',
            label: 'Agent',
            start: 6,
            end: 9,
            turn_index: 1,
            e2e_ttfb_ms: 990,
          },
        ],
        turns: [],
      },
    })
    const { missing, frames } = backfillOf('CA1', ledger, call, { receivedAt: 5000, before: null })
    expect(missing.map((part) => part.index)).toEqual([1])
    const events = frames.map((frame) =>
      frame.result.kind === 'event' ? frame.result.event : frame.result,
    )
    expect(events.map((event) => ('type' in event ? event.type : event.kind))).toEqual([
      'user_transcript',
      'state_transition',
      'tool_call_started',
      'tool_call_completed',
      'tool_call_started',
      'tool_call_completed',
      'latency',
      'agent_transcript',
    ])
    expect(events[0]).toMatchObject({
      transcript: 'I need a refill.',
      state: 'intake',
      speaker_role: 'caller',
    })
    expect(events[1]).toMatchObject({
      previous_state: 'greeting',
      next_state: 'refill',
      transition_type: 'navigate',
    })
    expect(events[3]).toMatchObject({
      call_id: 'call_abc',
      duration_ms: 812,
      succeeded: true,
      output: '{"status":"ready"}',
    })
    expect(events[5]).toMatchObject({
      call_id: 'call_def',
      succeeded: false,
      error_message: 'timeout after 3 s',
    })
    expect(events[6]).toMatchObject({
      engine_ms: 700,
      nav_ms: 300,
      render_ms: 350,
      audio_ttfb_ms: 190,
      e2e_ttfb_ms: 990,
    })
    expect(events[7]).toMatchObject({ transcript: 'One moment. Your refill is on its way.' })
    // Every frame is valid, marked, placed at the turn it was spoken in, and received now.
    for (const frame of frames) {
      expect(frame.result.kind).toBe('event')
      expect(JSON.parse(frame.raw)).toMatchObject({
        backfilled: true,
        turn_id: 't1',
        timestamp: refill.timestamp,
      })
      expect(frame).toMatchObject({ callSid: 'CA1', receivedAt: 5000 })
    }
  })

  it('fills in only the missing stretch of a turn, and estimates no latency the timeline gives', () => {
    const ledger = ledgerOf([
      ...delivered(),
      { type: 'user_transcript', transcript: 'I need a refill.', state: '' },
      { type: 'agent_transcript', transcript: 'One moment.', interrupted: false },
      { type: 'tool_call_started', call_id: 'call_abc', tool_name: 'lookup_prescription' },
    ] as ObserverEvent[])
    const { frames } = backfillOf('CA1', ledger, detail([greeting, refill]), {
      receivedAt: 1,
      before: null,
    })
    const events = frames.flatMap((frame) =>
      frame.result.kind === 'event' ? [frame.result.event] : [],
    )
    // The first tool started live: only its completion is filled in.
    expect(events.map((event) => event.type)).toEqual([
      'state_transition',
      'tool_call_completed',
      'tool_call_started',
      'tool_call_completed',
      'latency',
      'agent_transcript',
    ])
    expect(events.at(-1)).toMatchObject({ transcript: 'Your refill is on its way.' })
    const latency = frames.find(
      (frame) => frame.result.kind === 'event' && frame.result.event.type === 'latency',
    )
    // No playback timeline: end-to-end is the lower bound engine + first audio, said so.
    expect(JSON.parse(latency?.raw ?? '{}')).toMatchObject({
      e2e_ttfb_ms: 890,
      e2e_estimated: true,
    })
  })

  it('counts repeated lines, tolerates whitespace, and does not change the ledger', () => {
    const ledger = ledgerOf([
      { type: 'user_transcript', transcript: 'Yes.', state: '' },
      { type: 'agent_transcript', transcript: '  Got it.  ', interrupted: false },
    ] as ObserverEvent[])
    const turns = [
      turn({ id: 'a', user_transcript: 'Yes.', agent_transcript: 'Got it.' }),
      turn({ id: 'b', user_transcript: 'Yes.', agent_transcript: 'Got   it.' }),
    ]
    const missing = ledger.missing(turns)
    expect(missing.map((part) => [part.index, part.user, part.agent])).toEqual([
      [1, 'Yes.', ['Got it.']],
    ])
    expect(ledger.missing(turns)).toEqual(missing)
  })

  it('never fills in what a backfill already filled in', () => {
    const ledger = ledgerOf(delivered())
    const call = detail([greeting, refill])
    const first = backfillOf('CA1', ledger, call, { receivedAt: 1, before: null })
    for (const frame of first.frames) ledger.addFrame(frame)
    expect(backfillOf('CA1', ledger, call, { receivedAt: 2, before: null }).frames).toEqual([])
  })

  it('leaves the turn in progress when the socket connected to the socket', () => {
    const ledger = new CallLedger()
    const later = { ...refill, id: 't2', timestamp: '2026-11-23T14:00:20.000Z' }
    const call = detail([greeting, refill, later])
    // Connected during the refill turn: the greeting is over, the refill is the socket's.
    const during = { receivedAt: 1, before: Date.parse(refill.timestamp) + 1 }
    expect(backfillOf('CA1', ledger, call, during).missing.map((part) => part.index)).toEqual([0])
    // Connected after the next turn began: the refill turn is over too.
    const after = { receivedAt: 1, before: Date.parse(later.timestamp) + 1 }
    expect(backfillOf('CA1', ledger, call, after).missing.map((part) => part.index)).toEqual([0, 1])
    // The whole record (the call is over): every turn.
    const whole = { receivedAt: 1, before: null }
    expect(backfillOf('CA1', ledger, call, whole).missing).toHaveLength(3)
  })

  it('ignores interim caller transcripts: REST keeps the final only', () => {
    const ledger = ledgerOf([
      { type: 'user_transcript', transcript: 'I need a', state: '', is_final: false },
    ] as ObserverEvent[])
    const missing = ledger.missing([turn({ id: 'x', user_transcript: 'I need a refill.' })])
    expect(missing[0]?.user).toBe('I need a refill.')
  })
})
