import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RecordedEvent } from '../records'
import { SessionStore } from './session-store'
import { p95Index } from './summary-repo'
import {
  CALL_SID,
  observerEvent,
  PASSPHRASE,
  tempFolders,
  workspaceEvent,
} from './testing/fixtures'

const folders = tempFolders()
let file: string
let store: SessionStore

beforeEach(() => {
  file = folders.file()
  store = SessionStore.open({ file, passphrase: PASSPHRASE })
})
afterEach(() => {
  store.close()
  folders.cleanup()
})

const T0 = 1_767_225_600_000
let nextId = 0

function append(...events: RecordedEvent[]): void {
  store.append({ events, quarantined: [], cursor: null })
}

function ws(...args: Parameters<typeof workspaceEvent>): RecordedEvent {
  const [type, fields, options] = args
  return workspaceEvent(type, fields, { sseId: `${T0 + ++nextId}`, ...options })
}

const latency = (ms: number) => observerEvent('latency', { e2e_ttfb_ms: ms })

function reopen(): void {
  store.close()
  store = SessionStore.open({ file, passphrase: PASSPHRASE })
}

describe('latency percentiles', () => {
  it('nearest-rank p95 index', () => {
    expect([1, 2, 5, 19, 20, 21, 100].map(p95Index)).toEqual([0, 1, 4, 18, 18, 19, 94])
  })

  it('median and p95 of an odd and an even count', () => {
    append(...[300, 100, 1000, 200, 400].map(latency))
    expect(store.session(CALL_SID)).toMatchObject({
      latencyCount: 5,
      latencyP50Ms: 300,
      latencyP95Ms: 1000,
    })
    append(latency(250))
    // 100 200 250 300 400 1000: median between 250 and 300; p95 is the 6th of 6.
    expect(store.session(CALL_SID)).toMatchObject({
      latencyCount: 6,
      latencyP50Ms: 275,
      latencyP95Ms: 1000,
    })
  })

  it('are right across batches and after a restart', () => {
    // 1..20 × 10 ms, shuffled over three batches and a reopen: median 105, p95 the 19th (190).
    const values = [
      70, 200, 10, 150, 90, 30, 180, 120, 60, 190, 20, 110, 160, 40, 130, 80, 170, 50, 140, 100,
    ]
    append(...values.slice(0, 7).map(latency))
    append(...values.slice(7, 12).map(latency))
    reopen()
    append(...values.slice(12).map(latency))
    expect(store.session(CALL_SID)).toMatchObject({
      latencyCount: 20,
      latencyP50Ms: 105,
      latencyP95Ms: 190,
    })
  })

  it('are null without latency events', () => {
    append(observerEvent('user_transcript'))
    expect(store.session(CALL_SID)).toMatchObject({
      latencyCount: 0,
      latencyP50Ms: null,
      latencyP95Ms: null,
    })
  })
})

describe('voice call summary', () => {
  it('follows a call from workspace and observer events, and survives a reopen', () => {
    const start = T0 + 1000
    append(
      ws('call.started', {}, { receivedAt: start }),
      observerEvent(
        'session_info',
        { start_time: (start - 400) / 1000 },
        { receivedAt: start + 50 },
      ),
      observerEvent('session_start', {}, { receivedAt: start + 60 }),
      observerEvent('agent_transcript', {}, { receivedAt: start + 100 }),
      observerEvent('user_transcript', {}, { receivedAt: start + 200 }),
      observerEvent('user_transcript', { is_final: false }, { receivedAt: start + 250 }),
      observerEvent('state_transition', { next_state: 'scheduling' }, { receivedAt: start + 300 }),
      observerEvent('tool_call_completed', { succeeded: false }, { receivedAt: start + 400 }),
      observerEvent('emotion', { trend: 'deteriorating' }, { receivedAt: start + 500 }),
    )
    expect(store.session(CALL_SID)).toMatchObject({
      kind: 'voice',
      // The platform's start time is earlier than the first frame we saw.
      startedAt: start - 400,
      endedAt: null,
      durationS: null,
      direction: 'inbound',
      turns: 1,
      lastState: 'scheduling',
      toolErrors: 1,
      escalated: false,
      emotionTrend: 'deteriorating',
      eventCount: 9,
      lastEventAt: start + 500,
    })
    reopen()
    append(
      observerEvent('user_transcript', {}, { receivedAt: start + 600 }),
      observerEvent('tool_call_completed', { succeeded: true }, { receivedAt: start + 700 }),
      observerEvent('tool_call_completed', { succeeded: false }, { receivedAt: start + 750 }),
      ws('call.escalated', {}, { receivedAt: start + 800 }),
      observerEvent('emotion', { trend: 'improving' }, { receivedAt: start + 900 }),
      observerEvent('emotion', { trend: null }, { receivedAt: start + 950 }),
    )
    append(
      ws(
        'call.ended',
        { completion_reason: 'completed', duration_seconds: 312.4 },
        { receivedAt: start + 5000 },
      ),
      observerEvent(
        'session_end',
        { turns: 0, final_state: 'goodbye', emotional_summary: { trend: 'stable' } },
        { receivedAt: start + 5100 },
      ),
      // Late events do not move the end.
      ws('operator.wrap_up', {}, { receivedAt: start + 9000 }),
    )
    reopen()
    expect(store.session(CALL_SID)).toEqual({
      key: CALL_SID,
      kind: 'voice',
      startedAt: start - 400,
      endedAt: start + 5000,
      durationS: 312.4,
      direction: 'inbound',
      serviceId: '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b',
      channel: null,
      turns: 2,
      completionReason: 'completed',
      finalState: 'goodbye',
      lastState: 'scheduling',
      escalated: true,
      toolErrors: 2,
      latencyCount: 0,
      latencyP50Ms: null,
      latencyP95Ms: null,
      emotionTrend: 'stable',
      eventCount: 18,
      lastEventAt: start + 9000,
    })
  })

  it("prefers the platform's turn count when the end reports one", () => {
    append(observerEvent('user_transcript'), observerEvent('session_end', { turns: 14 }))
    expect(store.session(CALL_SID)?.turns).toBe(14)
  })

  it('marks a call escalated from call.ended or its completion reason', () => {
    const a = 'CA000000000000000000000000000000aa'
    const b = 'CA000000000000000000000000000000bb'
    append(
      ws('call.ended', { call_sid: a, escalated: true }),
      ws('call.ended', { call_sid: b, completion_reason: 'escalated' }),
    )
    expect(store.session(a)?.escalated).toBe(true)
    expect(store.session(b)).toMatchObject({ escalated: true, completionReason: 'escalated' })
  })

  it('measures the duration from start and end when the platform gives none', () => {
    append(
      observerEvent('session_info', { start_time: 0 }, { receivedAt: T0 }),
      observerEvent('session_end', { duration_s: 0 }, { receivedAt: T0 + 90_500 }),
    )
    expect(store.session(CALL_SID)).toMatchObject({ startedAt: T0, durationS: 90.5 })
  })
})

describe('text session summary', () => {
  it('is fed by text.started and text.completed', () => {
    append(
      ws('text.started', {}, { receivedAt: T0 }),
      ws('text.completed', {}, { receivedAt: T0 + 95_000 }),
    )
    expect(store.session('txt_8f7e6d5c4b3a')).toMatchObject({
      kind: 'text',
      startedAt: T0,
      endedAt: T0 + 95_000,
      durationS: 95,
      channel: 'sms',
      direction: null,
      turns: 7,
      completionReason: 'completed',
      finalState: 'goodbye',
      eventCount: 2,
    })
  })
})

describe('listSessions', () => {
  it('lists newest first, with paging', () => {
    const keys = ['CA1', 'CA2', 'CA3']
    keys.forEach((callSid, index) => {
      append(observerEvent('session_info', { start_time: 0 }, { callSid, receivedAt: T0 + index }))
    })
    expect(store.listSessions().map((s) => s.key)).toEqual(['CA3', 'CA2', 'CA1'])
    expect(store.listSessions({ limit: 1, offset: 1 }).map((s) => s.key)).toEqual(['CA2'])
    expect(store.counts().sessions).toBe(3)
  })

  it('ignores events that belong to no session', () => {
    append(ws('operator.status_changed'))
    expect(store.listSessions()).toEqual([])
    expect(store.counts()).toMatchObject({ events: 1, sessions: 0 })
  })
})
