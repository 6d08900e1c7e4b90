import { describe, expect, it } from 'vitest'
import {
  normalizeObserverFrame,
  observerEventTypes,
  observerSensitiveFields,
  type ObserverEvent,
} from '../events'
import { CALL_SID, observerSamples, workspaceSamples } from '../events/testing/samples'
import { LiveWorkspace } from './live-workspace'
import { observerField } from './summary-kit'
import { fieldText } from './text'
import { AT, observerEvent, workspaceEvent } from './testing/records'

// What the live views show of a field comes from the one registry the exports redact by.

function observed(frame: Record<string, unknown>): ObserverEvent {
  const result = normalizeObserverFrame(JSON.stringify(frame))
  if (result.kind !== 'event') throw new Error(String(frame.type))
  return result.event
}

describe('masking on the live views', () => {
  it("masks a voice profile's reasoning, and shows its settings", () => {
    const event = observed({
      ...observerSamples.voice_context_applied,
      type: 'voice_context_applied',
      reasoning: 'Caller is crying about her diagnosis: slower, softer delivery',
    })
    if (event.type !== 'voice_context_applied') throw new Error(event.type)
    expect(observerField(event, 'reasoning')).toEqual([
      { phi: 'Caller is crying about her diagnosis: slower, softer delivery', field: 'reasoning' },
    ])
    expect(observerField(event, 'tts_emotion')).toEqual([event.tts_emotion])
  })

  it('masks every sensitive text field of every observer type, and no other', () => {
    for (const type of observerEventTypes) {
      const event = observed({ ...observerSamples[type], type })
      const texts = Object.fromEntries(
        Object.entries(event).filter(
          (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '',
        ),
      )
      const sensitive = observerSensitiveFields.get(type)
      for (const [field, value] of Object.entries(texts)) {
        const part = sensitive?.has(field) === true ? { phi: value, field } : value
        expect(fieldText('observer', type, texts, field), `${type}.${field}`).toEqual([part])
      }
    }
  })

  it('shows an escalation reason masked on the board and in the inbox', () => {
    const reason = 'Reported dizziness and a near-fall after a dose change'
    const live = new LiveWorkspace({ now: () => AT })
    live.apply(workspaceEvent('call.started', { ...workspaceSamples['call.started'] }))
    live.apply(observerEvent(CALL_SID, { type: 'session_info', ...observerSamples.session_info }))
    live.apply(workspaceEvent('call.escalated', { ...workspaceSamples['call.escalated'], reason }))
    const { calls, escalations } = live.snapshot()
    expect(calls[0]?.escalation?.reason).toEqual([{ phi: reason, field: 'reason' }])
    expect(escalations[0]?.reason).toEqual([{ phi: reason, field: 'reason' }])
    expect(JSON.stringify(calls[0]?.caller)).toMatch(/"phi":/)
  })
})
