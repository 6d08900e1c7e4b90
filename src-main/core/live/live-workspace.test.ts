import { describe, expect, it } from 'vitest'
import { observerSamples, workspaceSamples } from '../events/testing/samples'
import { LiveWorkspace } from './live-workspace'
import { AT, observerEvent, workspaceEvent } from './testing/records'

const OPERATOR = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d'

function started(callSid: string, fields: Record<string, unknown> = {}, receivedAt = AT) {
  const payload = { ...workspaceSamples['call.started'], call_sid: callSid, ...fields }
  return workspaceEvent('call.started', payload, { receivedAt })
}

function escalated(callSid: string, escalationId = `esc_${callSid}`) {
  const payload = { ...workspaceSamples['call.escalated'], call_sid: callSid }
  return workspaceEvent('call.escalated', { ...payload, escalation_id: escalationId })
}

function joined(callSid: string, operatorId = OPERATOR, mode = 'takeover') {
  const payload = { call_sid: callSid, operator_id: operatorId, mode }
  return workspaceEvent('operator.joined_call', payload)
}

function ended(callSid: string) {
  return workspaceEvent('call.ended', { ...workspaceSamples['call.ended'], call_sid: callSid })
}

function observed(callSid: string, type: keyof typeof observerSamples, fields = {}, at = AT) {
  return observerEvent(callSid, { type, ...observerSamples[type], ...fields }, at)
}

describe('the calls board', () => {
  it('follows a call from start to end', () => {
    const live = new LiveWorkspace({ now: () => AT })
    live.apply(started('CA1', {}, AT - 5000))
    expect(live.snapshot().calls).toEqual([
      {
        callSid: 'CA1',
        caller: [{ phi: '+15555550142', field: 'caller_id' }],
        direction: 'inbound',
        serviceId: workspaceSamples['call.started'].service_id,
        startedAt: AT - 5000,
        state: null,
        lastUtterance: null,
        emotion: null,
        escalation: null,
        operator: null,
        priority: 3,
      },
    ])

    live.apply(observed('CA1', 'state_transition'))
    live.apply(observed('CA1', 'user_transcript', {}, AT + 1))
    live.apply(observed('CA1', 'agent_transcript_delta'))
    let [call] = live.snapshot().calls
    expect(call?.state).toBe('scheduling')
    expect(call?.lastUtterance).toEqual({
      speaker: 'caller',
      text: [{ phi: observerSamples.user_transcript.transcript, field: 'transcript' }],
      at: AT + 1,
    })

    live.apply(observed('CA1', 'agent_transcript', {}, AT + 2))
    live.apply(observed('CA1', 'emotion'))
    ;[call] = live.snapshot().calls
    expect(call?.lastUtterance?.speaker).toBe('agent')
    expect(call?.emotion).toEqual({ label: 'anxious', tone: 'negative', trend: 'deteriorating' })
    expect(call?.priority).toBe(2)

    live.apply(escalated('CA1'))
    ;[call] = live.snapshot().calls
    expect(call?.escalation).toEqual({
      escalationId: 'esc_CA1',
      reason: [{ phi: workspaceSamples['call.escalated'].reason, field: 'reason' }],
      trigger: 'caller',
      at: AT,
    })
    expect(call?.priority).toBe(0)

    live.apply(joined('CA1'))
    ;[call] = live.snapshot().calls
    expect(call?.operator).toEqual({ operatorId: OPERATOR, mode: 'takeover' })
    expect(call?.priority).toBe(1)

    live.apply(ended('CA1'))
    expect(live.snapshot().calls).toEqual([])
  })

  it('ignores partial caller transcripts and takes the operator as a speaker', () => {
    const live = new LiveWorkspace()
    live.apply(started('CA1'))
    live.apply(observed('CA1', 'user_transcript', { is_final: false, transcript: 'Hi, this' }))
    expect(live.snapshot().calls[0]?.lastUtterance).toBeNull()
    live.apply(observed('CA1', 'agent_transcript', { speaker_role: 'operator' }))
    expect(live.snapshot().calls[0]?.lastUtterance?.speaker).toBe('operator')
  })

  it('does not put an answered escalation first again once its operator leaves', () => {
    const live = new LiveWorkspace()
    live.apply(started('CA1'))
    live.apply(escalated('CA1'))
    live.apply(joined('CA1'))
    const left = { call_sid: 'CA1', operator_id: OPERATOR, human_segment_turn_count: 2 }
    live.apply(workspaceEvent('operator.left_call', left))
    const [call] = live.snapshot().calls
    expect(call?.operator).toBeNull()
    expect(call?.priority).toBe(3)
  })

  it('orders the board by priority, then by start time', () => {
    const live = new LiveWorkspace()
    live.apply(started('CA-plain-old', {}, AT - 9000))
    live.apply(started('CA-plain-new', {}, AT - 1000))
    live.apply(started('CA-upset', {}, AT - 8000))
    live.apply(started('CA-staffed', {}, AT - 7000))
    live.apply(started('CA-escalated', {}, AT - 2000))
    live.apply(observed('CA-upset', 'emotion'))
    live.apply(joined('CA-staffed', 'op-1', 'listen'))
    live.apply(escalated('CA-escalated'))
    live.apply(observed('CA-plain-new', 'emotion', { valence: 0.6, dominant: 'relieved' }))
    expect(live.snapshot().calls.map((call) => [call.callSid, call.priority])).toEqual([
      ['CA-escalated', 0],
      ['CA-staffed', 1],
      ['CA-upset', 2],
      ['CA-plain-old', 3],
      ['CA-plain-new', 3],
    ])
  })

  it('shows a call the observer reports before the workspace stream does', () => {
    const live = new LiveWorkspace()
    live.apply(joined('CA-live', 'op-1', 'listen'))
    live.apply(escalated('CA-live'))
    live.apply(
      observed('CA-live', 'session_info', {
        call_sid: 'CA-live',
        start_time: (AT - 30_000) / 1000,
      }),
    )
    const [call] = live.snapshot().calls
    expect(call).toMatchObject({
      callSid: 'CA-live',
      caller: [{ phi: '+15555550142', field: 'caller_id' }],
      direction: 'inbound',
      state: 'intake',
      startedAt: AT - 30_000,
      operator: { operatorId: 'op-1', mode: 'listen' },
      escalation: { escalationId: 'esc_CA-live' },
      priority: 1,
    })
    // The inbox learns the caller it could not name when the escalation arrived.
    expect(live.snapshot().escalations[0]?.caller).toEqual(call?.caller)

    // The workspace stream's start then says what the call is, without moving its start time.
    live.apply(started('CA-live', { direction: 'outbound', caller_id: null }))
    expect(live.snapshot().calls[0]).toMatchObject({
      direction: 'outbound',
      caller: [{ phi: '+15555550142', field: 'caller_id' }],
      startedAt: AT - 30_000,
    })
  })

  it('never starts a call later than now, whatever the platform clock says', () => {
    const live = new LiveWorkspace()
    live.apply(
      observed('CA-ahead', 'session_info', {
        call_sid: 'CA-ahead',
        start_time: (AT + 60_000) / 1000,
      }),
    )
    expect(live.snapshot().calls[0]?.startedAt).toBe(AT)
  })

  it('opens a call on session_start, and names an unknown caller in plain words', () => {
    const live = new LiveWorkspace()
    live.apply(observed('CA2', 'session_start'))
    expect(live.snapshot().calls[0]).toMatchObject({
      callSid: 'CA2',
      caller: ['Unknown caller'],
      direction: 'unknown',
      state: 'greeting',
      startedAt: AT,
    })
    live.apply(observed('CA2', 'session_end'))
    expect(live.snapshot().calls).toEqual([])
    // A late frame of a call that ended does not bring it back.
    live.apply(observed('CA2', 'session_info'))
    expect(live.snapshot().calls).toEqual([])
  })

  it('ignores observer events of calls it does not know, and backfilled history', () => {
    const live = new LiveWorkspace()
    live.apply(observed('CA-x', 'user_transcript'))
    expect(live.snapshot().calls).toEqual([])
    live.apply(started('CA1'))
    live.apply({ ...observed('CA1', 'user_transcript'), backfilled: true })
    expect(live.snapshot().calls[0]?.lastUtterance).toBeNull()
  })

  it('drops a call not heard of for two hours', () => {
    let now = AT
    const live = new LiveWorkspace({ now: () => now })
    live.apply(started('CA-quiet'))
    live.apply(started('CA-busy'))
    live.apply(escalated('CA-quiet'))
    live.takeChanges()
    now += 90 * 60_000
    live.apply(observed('CA-busy', 'latency'))
    now += 31 * 60_000
    expect(live.snapshot().calls.map((call) => call.callSid)).toEqual(['CA-busy'])
    const changes = live.takeChanges()
    expect(changes?.calls).toEqual({ upserted: [], removed: ['CA-quiet'] })
    expect(changes?.escalations.map((item) => item.status)).toEqual(['ended'])
  })

  it('caps the board', () => {
    const live = new LiveWorkspace({ maxCalls: 2 })
    for (const callSid of ['CA1', 'CA2', 'CA3']) live.apply(started(callSid))
    expect(
      live
        .snapshot()
        .calls.map((call) => call.callSid)
        .sort(),
    ).toEqual(['CA2', 'CA3'])
  })
})

describe('the feed', () => {
  it('keeps the last feedLimit workspace events, oldest first, with increasing ids', () => {
    const live = new LiveWorkspace({ feedLimit: 3 })
    for (const callSid of ['CA1', 'CA2', 'CA3', 'CA4', 'CA5']) live.apply(started(callSid))
    live.apply(observed('CA5', 'latency'))
    const { feed } = live.snapshot()
    expect(feed.map((item) => [item.id, item.callSid])).toEqual([
      [3, 'CA3'],
      [4, 'CA4'],
      [5, 'CA5'],
    ])
    expect(live.takeChanges()?.feed.map((item) => item.id)).toEqual([3, 4, 5])
  })

  it('puts unknown types in the feed only, and keeps ids increasing across clear', () => {
    const live = new LiveWorkspace()
    live.apply(workspaceEvent('call.summarized', { call_sid: 'CA1', score: 4 }))
    live.apply(observerEvent('CA1', { type: 'sentiment_shift', score: 1 }))
    const changes = live.takeChanges()
    expect(changes?.feed).toMatchObject([{ id: 1, known: false, type: 'call.summarized' }])
    expect(changes?.calls).toEqual({ upserted: [], removed: [] })
    live.clear()
    expect(live.snapshot()).toEqual({ calls: [], escalations: [], operators: [], feed: [] })
    live.apply(started('CA1'))
    expect(live.snapshot().feed[0]?.id).toBe(2)
  })
})
