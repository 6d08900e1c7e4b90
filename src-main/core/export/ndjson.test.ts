import { describe, expect, it } from 'vitest'
import { normalizeObserverFrame, normalizeWorkspaceFrame } from '../events'
import { observerSamples, workspaceSamples } from '../events/testing/samples'
import { toNdjsonLine, type ExportableEvent } from './ndjson'
import { REDACTED } from './redact'

function exportable(overrides: Partial<ExportableEvent>): ExportableEvent {
  return {
    source: 'workspace',
    type: 'call.started',
    known: true,
    callSid: 'CA1',
    sessionId: null,
    sseId: '1767225600123',
    receivedAt: Date.UTC(2026, 10, 21, 9, 30, 0, 250),
    payload: {},
    backfilled: false,
    ...overrides,
  }
}

function parse(line: string) {
  return JSON.parse(line) as Record<string, unknown> & { payload: Record<string, unknown> }
}

describe('NDJSON export lines', () => {
  it('carry the contract fields, with an ISO 8601 receive time', () => {
    const line = toNdjsonLine(exportable({ payload: { event_type: 'call.ended' } }), {
      includePhi: false,
    })
    expect(line).not.toContain('\n')
    expect(parse(line)).toMatchObject({
      source: 'workspace',
      type: 'call.started',
      call_sid: 'CA1',
      received_at: '2026-11-21T09:30:00.250Z',
      sse_id: '1767225600123',
    })
  })

  it('redact every PHI field of every known event type by default, and keep them on request', () => {
    const phiValues: string[] = []
    for (const [type, sample] of Object.entries(workspaceSamples)) {
      const result = normalizeWorkspaceFrame({ id: '1', event: type, data: JSON.stringify(sample) })
      if (result.kind !== 'event') throw new Error(type)
      const payload = result.event as Record<string, unknown>
      const redacted = parse(
        toNdjsonLine(exportable({ type, payload }), { includePhi: false }),
      ).payload
      const kept = parse(toNdjsonLine(exportable({ type, payload }), { includePhi: true })).payload
      expect(kept).toEqual(payload)
      for (const [field, value] of Object.entries(payload)) {
        if (redacted[field] === REDACTED) phiValues.push(String(value))
      }
    }
    for (const [type, sample] of Object.entries(observerSamples)) {
      const result = normalizeObserverFrame(JSON.stringify({ type, ...sample }))
      if (result.kind !== 'event') throw new Error(type)
      const payload = result.event as Record<string, unknown>
      const event = exportable({ source: 'observer', type, payload, sseId: null })
      const line = toNdjsonLine(event, { includePhi: false })
      for (const field of ['transcript', 'delta', 'input', 'output', 'caller_id', 'phone_number']) {
        if (payload[field] !== undefined && payload[field] !== null && payload[field] !== '') {
          expect(parse(line).payload[field], `${type}.${field}`).toBe(REDACTED)
        }
      }
    }
    expect(phiValues).toContain('+15555550142')
    expect(phiValues).toContain('jordan.rivera@example.com')
  })

  it('redact the clinical free text the screen masks, not only the x-phi fields', () => {
    const reason = 'Reported dizziness and a near-fall after a dose change'
    const cases = [
      ['workspace', 'call.escalated', { reason }],
      ['workspace', 'surface.review_rejected', { reason }],
      ['workspace', 'channel.email_received', { subject: 'Re: my new rash' }],
      ['workspace', 'operator.wrap_up', { wrap_up_reason: reason }],
      ['observer', 'voice_context_applied', { reasoning: 'Caller sounds frightened: slower' }],
      ['observer', 'tool_call_completed', { error_message: 'no patient named Jordan Rivera' }],
    ] as const
    for (const [source, type, fields] of cases) {
      const samples: Record<string, Record<string, unknown>> = source === 'workspace'
        ? workspaceSamples
        : observerSamples
      const payload = { ...samples[type], ...fields }
      const line = toNdjsonLine(exportable({ source, type, payload }), { includePhi: false })
      for (const [field, value] of Object.entries(fields)) {
        expect(line, type).not.toContain(value)
        expect(parse(line).payload[field], type).toBe(REDACTED)
      }
      expect(toNdjsonLine(exportable({ source, type, payload }), { includePhi: true })).toContain(
        Object.values(fields)[0],
      )
    }
  })

  it('redact sensitive-named fields of an unknown type at any depth: nested, in arrays', () => {
    const payload = {
      summary: 'ok',
      caller_id: '+15555550100',
      data: { transcript: 'I feel dizzy', notes: [{ reason: 'near-fall', score: 2 }] },
    }
    const line = toNdjsonLine(exportable({ type: 'call.summarized', known: false, payload }), {
      includePhi: false,
    })
    expect(line).not.toContain('+15555550100')
    expect(line).not.toContain('dizzy')
    expect(line).not.toContain('near-fall')
    expect(parse(line).payload).toEqual({
      summary: 'ok',
      caller_id: REDACTED,
      data: { transcript: REDACTED, notes: REDACTED },
    })
    const deeper = { data: { items: [{ detail: { reasoning: 'caller grieving' }, score: 2 }] } }
    expect(
      parse(
        toNdjsonLine(exportable({ type: 'call.summarized', known: false, payload: deeper }), {
          includePhi: false,
        }),
      ).payload,
    ).toEqual({ data: { items: [{ detail: { reasoning: REDACTED }, score: 2 }] } })
  })
})
