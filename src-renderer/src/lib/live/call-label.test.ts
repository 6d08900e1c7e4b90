import { describe, expect, it } from 'vitest'
import { callLabel, spokenText } from './call-label'

const call = {
  direction: 'inbound',
  caller: [{ phi: '+15555550142', field: 'caller_id' }],
  serviceId: '0b7e4a1c-2f3d-4c5b-8a9e-1d2c3b4a5f60',
  state: 'collecting_symptoms',
}

describe('a call card’s accessible name', () => {
  it('says direction, caller (hidden), service, state and badge, never a masked value', () => {
    const label = callLabel(call, {
      serviceName: 'Appointment scheduling',
      badge: 'Needs a human',
      stale: false,
    })
    expect(label).toBe(
      'Inbound call, caller hidden, Appointment scheduling, collecting symptoms, Needs a human',
    )
    expect(label).not.toContain('5555')
  })

  it('reads a plain caller, a call just starting, an unnamed service and a stale board', () => {
    expect(
      callLabel(
        { ...call, caller: ['Unknown caller'], state: null, direction: 'outbound' },
        { serviceName: null, badge: null, stale: true },
      ),
    ).toBe('Outbound call, Unknown caller, service unnamed, starting, not live, may have ended')
    expect(
      callLabel({ ...call, serviceId: null }, { serviceName: null, badge: null, stale: false }),
    ).toBe('Inbound call, caller hidden, no service, collecting symptoms')
  })

  it('speaks masked parts as hidden', () => {
    expect(spokenText(['From ', { phi: 'x', field: 'caller_id' }], 'a hidden number')).toBe(
      'From a hidden number',
    )
  })
})
