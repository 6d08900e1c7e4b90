import { describe, expect, it } from 'vitest'
import type { ConnectionStatus } from '../../../../src-main/api'
import {
  callBadge,
  emotionTone,
  emptyCopy,
  escalationStatusTone,
  operatorStatusTone,
  trendDirection,
} from './status'

describe('tones', () => {
  it('colours known operator statuses and leaves unknown ones neutral', () => {
    expect(operatorStatusTone('online')).toBe('success')
    expect(operatorStatusTone('busy')).toBe('warning')
    expect(operatorStatusTone('offline')).toBe('offline')
    expect(operatorStatusTone('on_a_break')).toBe('neutral')
    expect(operatorStatusTone(null)).toBe('neutral')
  })

  it('colours escalation statuses and emotion tones', () => {
    expect(escalationStatusTone('waiting')).toBe('danger')
    expect(escalationStatusTone('joined')).toBe('info')
    expect(escalationStatusTone('ended')).toBe('neutral')
    expect(emotionTone('negative')).toBe('danger')
    expect(emotionTone('positive')).toBe('success')
  })

  it('reads the trend words providers use', () => {
    expect(trendDirection('improving')).toBe('better')
    expect(trendDirection('deteriorating')).toBe('worse')
    expect(trendDirection('stable')).toBe('steady')
    expect(trendDirection('sideways')).toBeNull()
    expect(trendDirection(null)).toBeNull()
  })
})

describe('callBadge', () => {
  const escalation = { escalationId: 'e1', reason: ['x'], trigger: 'keyword', at: 1 }

  it('asks for a human when escalated and no operator joined', () => {
    expect(callBadge({ escalation, operator: null, priority: 0 })).toEqual({
      kind: 'needs-human',
      label: 'Needs a human',
    })
  })

  it('does not ask again once an operator answered and left', () => {
    expect(callBadge({ escalation, operator: null, priority: 3 })).toEqual({
      kind: 'escalated',
      label: 'Escalated · operator left',
    })
  })

  it('names the operator and mode once one is on the call', () => {
    expect(
      callBadge({ escalation, operator: { operatorId: 'op_7', mode: 'listen' }, priority: 1 }),
    ).toEqual({
      kind: 'operator',
      label: 'Operator op_7 · listen',
    })
    expect(
      callBadge(
        { escalation, operator: { operatorId: 'op_7', mode: 'takeover' }, priority: 1 },
        'Renée Dubois, RN',
      ),
    ).toEqual({ kind: 'operator', label: 'Renée Dubois, RN · takeover' })
  })

  it('has no badge for a call no human is involved in', () => {
    expect(callBadge({ escalation: null, operator: null, priority: 3 })).toBeNull()
  })
})

describe('emptyCopy', () => {
  const waiting = { title: 'No calls in progress', body: 'Calls appear here.' }

  it('says so when nothing is being recorded', () => {
    expect(emptyCopy({ state: 'idle' }, 'calls', waiting).title).toBe('Not recording')
  })

  it('shows the waiting copy only once connected', () => {
    expect(emptyCopy({ state: 'connected', since: 1 }, 'calls', waiting)).toBe(waiting)
    expect(emptyCopy({ state: 'connecting' }, 'calls', waiting)).not.toBe(waiting)
  })

  it('passes on what the platform said when it stopped', () => {
    const rejected: ConnectionStatus = {
      state: 'rejected',
      message: 'The API key was refused',
      action: 'Enter a new key in Settings.',
    }
    expect(emptyCopy(rejected, 'calls', waiting)).toEqual({
      title: 'The API key was refused',
      body: 'Enter a new key in Settings.',
    })
  })
})
