import { describe, expect, it } from 'vitest'
import { workspaceSamples } from '../events/testing/samples'
import { LiveWorkspace } from './live-workspace'
import { AT, observerEvent, workspaceEvent } from './testing/records'

function started(callSid: string, callerId: string | null = '+15555550142') {
  const payload = { ...workspaceSamples['call.started'], call_sid: callSid, caller_id: callerId }
  return workspaceEvent('call.started', payload)
}

function escalated(callSid: string, escalationId: string, receivedAt = AT) {
  const payload = { ...workspaceSamples['call.escalated'], call_sid: callSid }
  return workspaceEvent(
    'call.escalated',
    { ...payload, escalation_id: escalationId },
    { receivedAt },
  )
}

function operatorEvent(type: string, fields: Record<string, unknown>, receivedAt = AT) {
  return workspaceEvent(type, fields, { receivedAt })
}

function ended(callSid: string) {
  return workspaceEvent('call.ended', { ...workspaceSamples['call.ended'], call_sid: callSid })
}

describe('the escalation inbox', () => {
  it('goes from waiting to joined to ended, and raises each escalation once', () => {
    const live = new LiveWorkspace()
    live.apply(started('CA1'))
    live.apply(escalated('CA1', 'esc_1'))
    const first = live.takeChanges()
    const waiting = {
      escalationId: 'esc_1',
      callSid: 'CA1',
      caller: [{ phi: '+15555550142', field: 'caller_id' }],
      reason: [{ phi: workspaceSamples['call.escalated'].reason, field: 'reason' }],
      trigger: 'caller',
      raisedAt: AT,
      status: 'waiting',
      operatorId: null,
    }
    expect(first?.raised).toEqual([waiting])
    expect(first?.escalations).toEqual([waiting])

    // A replay after reconnecting repeats the event: it is not raised again.
    live.apply(escalated('CA1', 'esc_1'))
    const replayed = live.takeChanges()
    expect(replayed?.raised).toEqual([])
    expect(replayed?.escalations).toEqual([])

    live.apply(
      operatorEvent('operator.joined_call', {
        call_sid: 'CA1',
        operator_id: 'op-1',
        mode: 'listen',
      }),
    )
    const second = live.takeChanges()
    expect(second?.raised).toEqual([])
    expect(second?.escalations).toEqual([{ ...waiting, status: 'joined', operatorId: 'op-1' }])

    live.apply(ended('CA1'))
    expect(live.takeChanges()?.escalations).toEqual([
      { ...waiting, status: 'ended', operatorId: 'op-1' },
    ])
    // History: the ended escalation stays in the inbox.
    expect(live.snapshot().escalations.map((item) => item.status)).toEqual(['ended'])
  })

  it('files an escalation of a call not on the board, lists newest first, and keeps a cap', () => {
    const live = new LiveWorkspace({ maxEscalations: 2 })
    live.apply(escalated('CA1', 'esc_1', AT))
    live.apply(escalated('CA2', 'esc_2', AT + 1))
    live.apply(escalated('CA3', 'esc_3', AT + 2))
    const { escalations } = live.snapshot()
    expect(escalations.map((item) => item.escalationId)).toEqual(['esc_3', 'esc_2'])
    expect(escalations[0]?.caller).toEqual(['Unknown caller'])
    // The window saw all three raised, though the first was dropped from the inbox since.
    expect(live.takeChanges()?.raised.map((item) => item.escalationId)).toEqual([
      'esc_1',
      'esc_2',
      'esc_3',
    ])
    live.apply(ended('CA3'))
    expect(live.snapshot().escalations[0]?.status).toBe('ended')
  })

  it('files an escalation of a call an operator is already on as joined', () => {
    const live = new LiveWorkspace()
    live.apply(started('CA1'))
    live.apply(
      operatorEvent('operator.joined_call', {
        call_sid: 'CA1',
        operator_id: 'op-1',
        mode: 'takeover',
      }),
    )
    live.apply(escalated('CA1', 'esc_op'))
    expect(live.snapshot().escalations[0]).toMatchObject({ status: 'joined', operatorId: 'op-1' })
    expect(live.snapshot().calls[0]?.priority).toBe(1)
  })
})

describe('the operator board', () => {
  it('tracks status and the call each operator is on', () => {
    const live = new LiveWorkspace()
    live.apply(operatorEvent('operator.registered', { operator_id: 'op-2' }, AT))
    live.apply(
      operatorEvent('operator.status_changed', { operator_id: 'op-1', status: 'online' }, AT + 1),
    )
    live.apply(
      operatorEvent(
        'operator.joined_call',
        { call_sid: 'CA1', operator_id: 'op-1', mode: 'listen' },
        AT + 2,
      ),
    )
    live.apply(
      operatorEvent(
        'operator.mode_changed',
        { call_sid: 'CA1', operator_id: 'op-1', mode: 'takeover' },
        AT + 3,
      ),
    )
    expect(live.snapshot().operators).toEqual([
      { operatorId: 'op-1', status: 'online', callSid: 'CA1', mode: 'takeover', updatedAt: AT + 3 },
      { operatorId: 'op-2', status: null, callSid: null, mode: null, updatedAt: AT },
    ])
    live.apply(
      operatorEvent('operator.left_call', { call_sid: 'CA1', operator_id: 'op-1' }, AT + 4),
    )
    live.apply(
      operatorEvent('operator.wrap_up', { call_sid: 'CA1', wrap_up_reason: 'resolved' }, AT + 5),
    )
    expect(live.snapshot().operators[0]).toEqual({
      operatorId: 'op-1',
      status: 'online',
      callSid: null,
      mode: null,
      updatedAt: AT + 4,
    })
  })

  it('keeps an operator on their new call when leaving the old one arrives late', () => {
    const live = new LiveWorkspace()
    live.apply(
      operatorEvent('operator.joined_call', {
        call_sid: 'CA2',
        operator_id: 'op-1',
        mode: 'listen',
      }),
    )
    live.apply(operatorEvent('operator.left_call', { call_sid: 'CA1', operator_id: 'op-1' }))
    expect(live.snapshot().operators[0]).toMatchObject({ callSid: 'CA2', mode: 'listen' })
  })

  it('keeps at most maxOperators, dropping the one quiet for longest', () => {
    const live = new LiveWorkspace({ maxOperators: 2 })
    for (const id of ['op-a', 'op-b', 'op-c']) {
      live.apply(operatorEvent('operator.status_changed', { operator_id: id, status: 'online' }))
    }
    expect(live.snapshot().operators.map((row) => row.operatorId)).toEqual(['op-b', 'op-c'])
  })
})

describe('changes between reads', () => {
  it('reports each changed entity once, in its latest state, and null when nothing changed', () => {
    const live = new LiveWorkspace()
    expect(live.takeChanges()).toBeNull()
    live.apply(started('CA1'))
    live.apply(
      observerEvent('CA1', { type: 'state_transition', previous_state: 'a', next_state: 'b' }),
    )
    live.apply(
      observerEvent('CA1', { type: 'state_transition', previous_state: 'b', next_state: 'c' }),
    )
    live.apply(operatorEvent('operator.status_changed', { operator_id: 'op-1', status: 'online' }))
    live.apply(operatorEvent('operator.status_changed', { operator_id: 'op-1', status: 'busy' }))
    const changes = live.takeChanges()
    expect(changes?.feed).toHaveLength(3)
    expect(changes?.calls.upserted.map((call) => [call.callSid, call.state])).toEqual([
      ['CA1', 'c'],
    ])
    expect(changes?.calls.removed).toEqual([])
    expect(changes?.operators.map((row) => row.status)).toEqual(['busy'])
    expect(live.takeChanges()).toBeNull()
  })

  it('reports a call that started and ended in one window as removed only', () => {
    const live = new LiveWorkspace()
    live.apply(started('CA1'))
    live.apply(ended('CA1'))
    expect(live.takeChanges()?.calls).toEqual({ upserted: [], removed: ['CA1'] })
  })

  it('reports a call removed then back in the same window as upserted only', () => {
    const live = new LiveWorkspace()
    live.apply(started('CA1'))
    live.takeChanges()
    live.apply(ended('CA1'))
    live.apply(started('CA1'))
    const calls = live.takeChanges()?.calls
    expect(calls?.removed).toEqual([])
    expect(calls?.upserted.map((call) => call.callSid)).toEqual(['CA1'])
  })

  it('hands out copies: later events do not change what was taken', () => {
    const live = new LiveWorkspace()
    live.apply(started('CA1', null))
    const [taken] = live.snapshot().calls
    live.apply(
      observerEvent('CA1', { type: 'state_transition', previous_state: 'a', next_state: 'b' }),
    )
    expect(taken?.state).toBeNull()
    expect(taken?.caller).toEqual(['Unknown caller'])
  })
})
