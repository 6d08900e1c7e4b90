import { describe, expect, it } from 'vitest'
import { observerEventTypes, workspaceEventTypes } from './catalog'
import { DEFAULT_FRAME_LIMITS } from './limits'
import {
  normalizeObserverFrame,
  normalizeWorkspaceFrame,
  type ObserverResult,
  type WorkspaceResult,
} from './normalize'
import { CALL_SID, observerSamples, workspaceSamples } from './testing/samples'

const SSE_ID = '1767225600123'

function workspace(event: string | null, payload: unknown, id: string | null = SSE_ID) {
  return normalizeWorkspaceFrame({ id, event, data: JSON.stringify(payload) })
}

function observer(frame: unknown) {
  return normalizeObserverFrame(JSON.stringify(frame))
}

function eventOf<R extends WorkspaceResult | ObserverResult>(result: R) {
  if (result.kind !== 'event') {
    throw new Error(`expected an event, got ${result.kind}: ${JSON.stringify(result)}`)
  }
  return result.event as Extract<R, { kind: 'event' }>['event']
}

describe('workspace frames', () => {
  it.each(workspaceEventTypes)('%s: a valid sample normalizes to its typed form', (type) => {
    const sample = workspaceSamples[type]
    const result = workspace(type, sample)
    expect(result.sseId).toBe(SSE_ID)
    expect(eventOf(result)).toEqual({ ...sample, event_type: type })
  })

  it('fills the defaults the schema declares', () => {
    const { escalated: _omitted, ...withoutDefault } = workspaceSamples['call.ended']
    expect(eventOf(workspace('call.ended', withoutDefault))).toMatchObject({ escalated: false })
  })

  it('falls back to event_type in the JSON when the event line is missing', () => {
    const payload = { ...workspaceSamples['call.started'], event_type: 'call.started' }
    expect(eventOf(workspace(null, payload)).event_type).toBe('call.started')
    expect(eventOf(workspace('message', payload)).event_type).toBe('call.started')
  })

  it('trusts the event line over a conflicting event_type in the JSON', () => {
    const payload = { ...workspaceSamples['surface.opened'], event_type: 'surface.updated' }
    expect(eventOf(workspace('surface.opened', payload)).event_type).toBe('surface.opened')
  })

  it('accepts field_id for field_key on surface.field_saved (Events guide)', () => {
    const { field_key, ...rest } = workspaceSamples['surface.field_saved']
    expect(eventOf(workspace('surface.field_saved', { ...rest, field_id: field_key }))).toEqual({
      ...rest,
      field_key,
      event_type: 'surface.field_saved',
    })
  })

  it('accepts entity_id on surface.updated (SSE Events guide)', () => {
    const payload = { surface_id: 'sf_1', entity_id: 'en_1' }
    expect(eventOf(workspace('surface.updated', payload))).toMatchObject(payload)
  })

  it('accepts both shapes of pipeline.error', () => {
    const spec = { data_source_id: 'ds_1', error: 'EHR timeout' }
    const sdk = { pipeline_name: 'ehr-sync', error_code: 'TIMEOUT', error_message: 'EHR timeout' }
    expect(eventOf(workspace('pipeline.error', spec))).toEqual({
      ...spec,
      event_type: 'pipeline.error',
    })
    expect(eventOf(workspace('pipeline.error', sdk))).toEqual({
      ...sdk,
      event_type: 'pipeline.error',
    })
  })

  it('drops extra fields it does not know, keeping the event', () => {
    const payload = { ...workspaceSamples['trigger.fired'], added_in_2027: { nested: true } }
    expect(eventOf(workspace('trigger.fired', payload))).not.toHaveProperty('added_in_2027')
  })

  it('keeps an unknown event type, raw and unchanged, with its id', () => {
    const payload = { call_sid: CALL_SID, summary: 'new in a later platform release' }
    expect(workspace('call.summarized', payload)).toEqual({
      kind: 'unknown',
      type: 'call.summarized',
      raw: payload,
      sseId: SSE_ID,
    })
  })
})

describe('observer frames', () => {
  it.each(observerEventTypes)('%s: a valid flat sample normalizes to its typed form', (type) => {
    const sample = observerSamples[type]
    expect(eventOf(observer({ type, ...sample }))).toEqual({ type, ...sample })
  })

  it.each(observerEventTypes)('%s: the payload may be nested under data', (type) => {
    const sample = observerSamples[type]
    expect(eventOf(observer({ type, data: sample }))).toEqual({ type, ...sample })
  })

  it('reads the timestamp base field when the server sends one, and tolerates call_id', () => {
    const result = observer({
      type: 'speaker_muted',
      timestamp: '2026-11-21T09:15:00.120Z',
      call_id: CALL_SID,
      muted: false,
    })
    expect(result.sentAt).toBe('2026-11-21T09:15:00.120Z')
    expect(eventOf(result)).toEqual({ type: 'speaker_muted', muted: false })
  })

  it('fills session_info defaults from a bare snapshot', () => {
    expect(eventOf(observer({ type: 'session_info', call_sid: CALL_SID }))).toEqual({
      type: 'session_info',
      call_sid: CALL_SID,
      caller_id: '',
      current_state: '',
      direction: 'inbound',
      duration_seconds: 0,
      service_id: '',
      start_time: 0,
      workspace_id: '',
    })
  })

  it('maps the text/is_final/confidence variant of user_transcript (seed 002)', () => {
    const frame = {
      type: 'user_transcript',
      text: 'I need a refill',
      is_final: true,
      confidence: 0.9,
    }
    expect(eventOf(observer(frame))).toEqual({
      type: 'user_transcript',
      transcript: 'I need a refill',
      is_final: true,
      stt_confidence: 0.9,
      state: '',
    })
  })

  it('maps the channel variant of user_transcript (seed 000) and keeps is_final', () => {
    const frame = {
      type: 'user_transcript',
      transcript: 'Thursday works',
      state: 'scheduling',
      speaker_id: 'spk_1',
      is_final: false,
      channel: 'caller',
    }
    expect(eventOf(observer(frame))).toMatchObject({
      transcript: 'Thursday works',
      is_final: false,
      speaker_role: 'caller',
    })
  })

  it('prefers the canonical field when a frame carries both names', () => {
    const frame = { type: 'user_transcript', transcript: 'canonical', text: 'variant' }
    expect(eventOf(observer(frame))).toMatchObject({ transcript: 'canonical' })
    expect(eventOf(observer(frame))).not.toHaveProperty('text')
  })

  it('maps text to transcript on agent_transcript and to delta on agent_transcript_delta', () => {
    expect(eventOf(observer({ type: 'agent_transcript', text: 'One moment.' }))).toMatchObject({
      transcript: 'One moment.',
    })
    expect(eventOf(observer({ type: 'agent_transcript_delta', text: 'One ' }))).toEqual({
      type: 'agent_transcript_delta',
      delta: 'One ',
    })
  })

  it('maps the tool_call_id/parameters/tool_input variants of tool_call_started', () => {
    const parameters = { date: '2026-11-26' }
    expect(
      eventOf(
        observer({ type: 'tool_call_started', tool_name: 'find', tool_call_id: 't1', parameters }),
      ),
    ).toEqual({ type: 'tool_call_started', tool_name: 'find', call_id: 't1', input: parameters })
    expect(
      eventOf(
        observer({
          type: 'tool_call_started',
          tool_name: 'find',
          call_id: 't2',
          tool_input: 'dob?',
        }),
      ),
    ).toMatchObject({ input: 'dob?' })
  })

  it('maps result/error on tool_call_completed, turning an object result into text', () => {
    const frame = {
      type: 'tool_call_completed',
      tool_name: 'find',
      tool_call_id: 't1',
      result: { slots: ['09:30'] },
      error: 'partial data',
      succeeded: false,
    }
    expect(eventOf(observer(frame))).toEqual({
      type: 'tool_call_completed',
      tool_name: 'find',
      call_id: 't1',
      output: '{"slots":["09:30"]}',
      error_message: 'partial data',
      succeeded: false,
    })
  })

  it('maps forward_number to target_number on forward_call_resolved', () => {
    expect(
      eventOf(
        observer({ type: 'forward_call_resolved', forward_number: '+15555550100', result: 'ok' }),
      ),
    ).toEqual({ type: 'forward_call_resolved', target_number: '+15555550100', result: 'ok' })
  })

  it('keeps an unknown observer type raw', () => {
    const frame = { type: 'risk_assessed', risk: 'low' }
    expect(observer(frame)).toEqual({
      kind: 'unknown',
      type: 'risk_assessed',
      raw: frame,
      sentAt: null,
    })
  })
})

describe('malformed frames', () => {
  const cases: [string, () => WorkspaceResult | ObserverResult, string][] = [
    [
      'not JSON',
      () => normalizeWorkspaceFrame({ id: SSE_ID, event: 'call.started', data: '{"call_sid":' }),
      'not_json',
    ],
    [
      'empty data',
      () => normalizeWorkspaceFrame({ id: SSE_ID, event: 'call.started', data: '' }),
      'not_json',
    ],
    ['a JSON array', () => workspace('call.started', [1, 2]), 'not_object'],
    ['a JSON string', () => workspace('call.started', 'call'), 'not_object'],
    ['JSON null', () => normalizeObserverFrame('null'), 'not_object'],
    ['no event type at all', () => workspace(null, { call_sid: CALL_SID }), 'missing_type'],
    ['observer frame without type', () => observer({ transcript: 'hello' }), 'missing_type'],
    ['observer frame with a numeric type', () => observer({ type: 7 }), 'missing_type'],
    [
      'a missing required field',
      () =>
        workspace('call.ended', { call_sid: CALL_SID, direction: 'inbound', duration_seconds: 3 }),
      'invalid_fields',
    ],
    [
      'a mistyped required field',
      () => workspace('call.ended', { ...workspaceSamples['call.ended'], duration_seconds: '312' }),
      'invalid_fields',
    ],
    [
      'a value outside its enum',
      () => workspace('operator.status_changed', { operator_id: 'op', status: 'on_break' }),
      'invalid_fields',
    ],
    [
      'a mistyped observer field',
      () => observer({ type: 'speaker_muted', muted: 'yes' }),
      'invalid_fields',
    ],
    [
      'an absurdly large frame',
      () =>
        normalizeObserverFrame(
          `{"type":"agent_transcript_delta","delta":"${'a'.repeat(DEFAULT_FRAME_LIMITS.maxFrameBytes)}"}`,
        ),
      'too_large',
    ],
  ]

  it.each(cases)('%s gives a typed error result with a reason', (_name, run, reason) => {
    const result = run()
    expect(result.kind).toBe('malformed')
    expect(result.kind === 'malformed' && result.reason).toBe(reason)
    expect(result.kind === 'malformed' && result.detail.length).toBeGreaterThan(0)
  })

  it('keeps the raw text for quarantine', () => {
    const data = '{"call_sid": "CA1", "direction": 5}'
    const result = normalizeWorkspaceFrame({ id: SSE_ID, event: 'call.started', data })
    expect(result).toMatchObject({ kind: 'malformed', raw: data, sseId: SSE_ID })
  })

  it('names the failing fields in its detail but never their values', () => {
    const phone = '+15555550142'
    const result = workspace('call.started', {
      caller_id: phone,
      direction: 'sideways',
      call_sid: 9,
    })
    if (result.kind !== 'malformed') throw new Error('expected malformed')
    expect(result.detail).toContain('direction')
    expect(result.detail).toContain('call_sid')
    expect(result.detail).toContain('service_id')
    expect(result.detail).not.toContain(phone)
    expect(result.detail).not.toContain('sideways')
  })
})
