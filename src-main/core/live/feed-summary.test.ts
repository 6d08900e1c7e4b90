import { describe, expect, it } from 'vitest'
import type { Text } from '../../api/live'
import { workspaceEventTypes, workspaceSensitiveFields } from '../events'
import { CALL_SID, observerSamples, workspaceSamples } from '../events/testing/samples'
import { categoryOf, feedItemOf, sentAtOf } from './feed-summary'
import { AT, observerEvent, workspaceEvent } from './testing/records'

function sample(type: keyof typeof workspaceSamples, sseId: string | null = null) {
  return workspaceEvent(type, workspaceSamples[type], { sseId })
}

function summaryOf(type: string, payload: Record<string, unknown>): Text {
  const item = feedItemOf(workspaceEvent(type, payload), 1)
  if (item === null) throw new Error('no feed item')
  return item.summary
}

function plainText(text: Text): string {
  return text.map((part) => (typeof part === 'string' ? part : '▒')).join('')
}

describe('feed summaries', () => {
  it('has a readable line for every workspace type of the catalog', () => {
    expect(Object.keys(workspaceSamples).sort()).toEqual([...workspaceEventTypes].sort())
    for (const type of workspaceEventTypes) {
      const item = feedItemOf(sample(type), 7)
      expect(item, type).toMatchObject({ id: 7, type, known: true, raw: null })
      expect(item?.summary.length, type).toBeGreaterThan(0)
      // Plain English, not a dump of the payload.
      expect(plainText(item?.summary ?? []), type).not.toMatch(/[{}"]|undefined|null|\[object/)
    }
  })

  it('never shows a PHI or clinical-text field value as plain text', () => {
    for (const type of workspaceEventTypes) {
      const item = feedItemOf(sample(type), 1)
      const summary = item?.summary ?? []
      const plain = summary.filter((part) => typeof part === 'string')
      const masked = summary.filter((part) => typeof part !== 'string')
      const sensitive = [...(workspaceSensitiveFields.get(type)?.keys() ?? [])]
      for (const field of sensitive) {
        const value: unknown = workspaceSamples[type][field]
        if (typeof value !== 'string' || value === '') continue
        for (const part of plain) expect(part, `${type}.${field}`).not.toContain(value)
      }
      // What a masked part holds is exactly a sensitive field's value, named by that field.
      for (const part of masked) {
        expect(sensitive, type).toContain(part.field)
        expect(workspaceSamples[type][part.field], type).toBe(part.phi)
      }
      // Text fields are shown masked; `operator.profile_updated` shows only which fields changed.
      const shown = sensitive.filter((field) => typeof workspaceSamples[type][field] === 'string')
      if (shown.length > 0) expect(masked.length, type).toBeGreaterThan(0)
    }
  })

  it('says who called, masked, and where the call went', () => {
    expect(summaryOf('call.started', workspaceSamples['call.started'])).toEqual([
      'Inbound call',
      ' from ',
      { phi: '+15555550142', field: 'caller_id' },
      ' to service ',
      workspaceSamples['call.started'].service_id,
    ])
    const anonymous = { ...workspaceSamples['call.started'], caller_id: null }
    expect(plainText(summaryOf('call.started', anonymous))).toBe(
      `Inbound call from an unknown number to service ${String(workspaceSamples['call.started'].service_id)}`,
    )
    const outbound = { ...workspaceSamples['call.started'], direction: 'outbound' }
    expect(plainText(summaryOf('call.started', outbound))).toMatch(/^Outbound call to ▒/)
  })

  it('says who escalated a call and why', () => {
    expect(plainText(summaryOf('call.escalated', workspaceSamples['call.escalated']))).toBe(
      `Call ${CALL_SID} escalated by the caller: ▒`,
    )
    expect(
      plainText(
        summaryOf('call.ended', {
          ...workspaceSamples['call.ended'],
          completion_reason: 'no_answer',
        }),
      ),
    ).toBe(`Call ${CALL_SID} ended after 5 min 12 s: no answer`)
  })

  it('reads both shapes of pipeline.error, the error text masked', () => {
    const openApi = summaryOf('pipeline.error', workspaceSamples['pipeline.error'])
    expect(plainText(openApi)).toMatch(/^Data source .* failed: ▒$/)
    expect(openApi.at(-1)).toEqual({ phi: 'EHR connection timed out after 30 s', field: 'error' })
    const sdkShape = { pipeline_name: 'ehr-sync', error_code: 'E42', error_message: 'Timed out' }
    expect(summaryOf('pipeline.error', sdkShape)).toEqual([
      'Pipeline ',
      'ehr-sync',
      ' failed: ',
      { phi: 'Timed out', field: 'error_message' },
      ' (',
      'E42',
      ')',
    ])
  })

  it('masks the clinical free text of every event that carries some', () => {
    const masked = (type: keyof typeof workspaceSamples, fields: Record<string, unknown>) =>
      summaryOf(type, { ...workspaceSamples[type], ...fields }).filter(
        (part) => typeof part !== 'string',
      )
    const reason = 'Reported dizziness and a near-fall after a dose change'
    expect(masked('call.escalated', { reason })).toEqual([{ phi: reason, field: 'reason' }])
    expect(masked('surface.review_rejected', { reason })).toEqual([
      { phi: reason, field: 'reason' },
    ])
    expect(masked('operator.wrap_up', { wrap_up_reason: reason })).toEqual([
      { phi: reason, field: 'wrap_up_reason' },
    ])
    expect(masked('channel.email_received', { subject: 'Re: my new rash' })).toContainEqual({
      phi: 'Re: my new rash',
      field: 'subject',
    })
  })

  it('leaves optional fields out rather than printing them empty', () => {
    expect(
      plainText(summaryOf('operator.wrap_up', { call_sid: 'CA1', wrap_up_reason: null })),
    ).toBe('Call CA1 wrapped up')
    expect(
      plainText(summaryOf('channel.email_bounced', workspaceSamples['channel.email_bounced'])),
    ).toBe('Email to ▒ bounced (Transient, MailboxFull)')
  })

  it('keeps an unknown type raw, with no summary', () => {
    const data = { call_sid: 'CA9', score: 4 }
    const item = feedItemOf(workspaceEvent('call.summarized', data, { sseId: '1795251600123' }), 3)
    expect(item).toEqual({
      id: 3,
      type: 'call.summarized',
      category: 'call',
      known: false,
      callSid: 'CA9',
      sentAt: 1795251600123,
      receivedAt: AT,
      summary: [],
      raw: JSON.stringify(data),
    })
  })

  it('leaves observer events out of the feed, known or not', () => {
    const known = observerEvent(CALL_SID, { type: 'emotion', ...observerSamples.emotion })
    const unknown = observerEvent(CALL_SID, { type: 'sentiment_shift', score: 1 })
    expect(feedItemOf(known, 1)).toBeNull()
    expect(feedItemOf(unknown, 1)).toBeNull()
  })
})

describe('feed categories and times', () => {
  it('files each type under its prefix, and the rest under other', () => {
    expect(categoryOf('call.started')).toBe('call')
    expect(categoryOf('operator.wrap_up')).toBe('operator')
    expect(categoryOf('workspace.member_added')).toBe('workspace')
    expect(categoryOf('simulation.turn_stored')).toBe('simulation')
    expect(categoryOf('self_image.brief_generated')).toBe('other')
    expect(categoryOf('billing.invoice_paid')).toBe('other')
    expect(categoryOf('call')).toBe('other')
    expect(categoryOf('other.thing')).toBe('other')
    expect(feedItemOf(sample('surface.opened'), 1)?.category).toBe('surface')
  })

  it('reads the send time from an SSE id only when it is an epoch in milliseconds', () => {
    expect(sentAtOf('1795251600123')).toBe(1795251600123)
    expect(sentAtOf('17')).toBeNull()
    expect(sentAtOf(null)).toBeNull()
    expect(sentAtOf('1795251600123-1')).toBeNull()
    expect(sentAtOf('9999999999999')).toBe(9999999999999)
    expect(sentAtOf('0000000000001')).toBeNull()
    expect(feedItemOf(sample('surface.opened', '1795251600123'), 1)?.sentAt).toBe(1795251600123)
  })
})
