import { describe, expect, it } from 'vitest'
import { observerSamples, workspaceSamples } from '../events/testing/samples'
import { LiveWorkspace } from './live-workspace'
import { AT, observerEvent, workspaceEvent } from './testing/records'

// After a reconnect, `GET sessions/active` says which calls are live: the rest are ghosts.

const OPERATOR = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d'

function started(callSid: string) {
  const payload = { ...workspaceSamples['call.started'], call_sid: callSid }
  return workspaceEvent('call.started', payload)
}

function escalated(callSid: string) {
  const payload = { ...workspaceSamples['call.escalated'], call_sid: callSid }
  return workspaceEvent('call.escalated', { ...payload, escalation_id: `esc_${callSid}` })
}

function joined(callSid: string, operatorId = OPERATOR) {
  return workspaceEvent('operator.joined_call', {
    call_sid: callSid,
    operator_id: operatorId,
    mode: 'takeover',
  })
}

/** A model whose clock the test moves. */
function model() {
  const clock = { now: AT }
  const live = new LiveWorkspace({ now: () => clock.now })
  return { live, clock }
}

describe('reconciling with the platform after a reconnect', () => {
  it('removes the calls the platform no longer lists, ends their escalations and frees their operators', () => {
    const { live, clock } = model()
    live.apply(started('CA1'))
    live.apply(started('CA2'))
    live.apply(escalated('CA1'))
    live.apply(joined('CA1'))
    live.apply(escalated('CA2'))
    live.takeChanges()

    clock.now = AT + 60_000
    live.reconcile(['CA2'], AT + 30_000)

    const changes = live.takeChanges()
    expect(changes?.calls).toEqual({ upserted: [], removed: ['CA1'] })
    expect(changes?.escalations).toEqual([
      expect.objectContaining({ escalationId: 'esc_CA1', status: 'ended', operatorId: OPERATOR }),
    ])
    expect(changes?.operators).toEqual([
      expect.objectContaining({ operatorId: OPERATOR, callSid: null, mode: null }),
    ])
    const snapshot = live.snapshot()
    expect(snapshot.calls.map((call) => call.callSid)).toEqual(['CA2'])
    expect(snapshot.escalations.find((item) => item.callSid === 'CA2')?.status).toBe('waiting')
  })

  it('empties the board when the platform restarted and lists none of its calls', () => {
    const { live, clock } = model()
    for (const callSid of ['CA1', 'CA2', 'CA3']) live.apply(started(callSid))
    clock.now = AT + 10_000
    live.reconcile([], AT + 5_000)
    expect(live.snapshot().calls).toEqual([])
    expect(live.takeChanges()?.calls.removed.sort()).toEqual(['CA1', 'CA2', 'CA3'])
  })

  it('keeps a call first heard of after the list was asked for, which the list may predate', () => {
    const { live, clock } = model()
    live.apply(started('CA_OLD'))
    clock.now = AT + 20_000
    live.apply(started('CA_NEW'))
    live.reconcile([], AT + 10_000)
    expect(live.snapshot().calls.map((call) => call.callSid)).toEqual(['CA_NEW'])
  })

  it('ends an escalation of a call that never reached the board, when it is not live', () => {
    const { live } = model()
    live.apply(escalated('CA9'))
    live.reconcile(['CA1'], AT + 1)
    expect(live.snapshot().escalations).toEqual([
      expect.objectContaining({ callSid: 'CA9', status: 'ended' }),
    ])
  })

  it('does not let a late observer frame bring a reconciled call back', () => {
    const { live } = model()
    live.apply(started('CA1'))
    live.reconcile([], AT + 1)
    live.apply(observerEvent('CA1', { type: 'session_info', ...observerSamples.session_info }))
    expect(live.snapshot().calls).toEqual([])
  })

  it('leaves calls, escalations and operators alone when everything is still live', () => {
    const { live } = model()
    live.apply(started('CA1'))
    live.apply(escalated('CA1'))
    live.apply(joined('CA1'))
    live.takeChanges()
    live.reconcile(['CA1', 'CA_UNKNOWN'], AT + 1)
    expect(live.takeChanges()).toBeNull()
  })
})
