import { describe, expect, it } from 'vitest'
import { normalizeObserverFrame, normalizeWorkspaceFrame, type WorkspaceFrame } from '../events'
import { CALL_SID, workspaceSamples } from '../events/testing/samples'
import { observerRecord, workspaceRecord } from './frame-records'

const AT = Date.UTC(2026, 10, 21, 9, 0, 0)

function fromWorkspace(frame: WorkspaceFrame) {
  return workspaceRecord(normalizeWorkspaceFrame(frame), frame, AT)
}

describe('frames into records', () => {
  it('keeps a workspace event with its call, SSE id, receive time and raw text', () => {
    const frame = {
      id: '17',
      event: 'call.started',
      data: JSON.stringify(workspaceSamples['call.started']),
    }
    expect(fromWorkspace(frame)).toMatchObject({
      kind: 'event',
      record: {
        source: 'workspace',
        known: true,
        type: 'call.started',
        callSid: CALL_SID,
        sseId: '17',
        receivedAt: AT,
        raw: frame.data,
        backfilled: false,
      },
    })
  })

  it('files text sessions under their session id, and nothing else under a session id', () => {
    const text = {
      id: '1',
      event: 'text.started',
      data: JSON.stringify(workspaceSamples['text.started']),
    }
    expect(fromWorkspace(text)).toMatchObject({
      record: { sessionId: 'txt_8f7e6d5c4b3a', callSid: null },
    })
    const encounter = {
      id: '2',
      event: 'encounter.updated',
      data: JSON.stringify(workspaceSamples['encounter.updated']),
    }
    expect(fromWorkspace(encounter)).toMatchObject({ record: { sessionId: null } })
  })

  it('keeps an unknown type as received, under its call when it names one', () => {
    const frame = {
      id: '3',
      event: 'call.summarized',
      data: JSON.stringify({ call_sid: 'CA9', score: 4 }),
    }
    expect(fromWorkspace(frame)).toMatchObject({
      kind: 'event',
      record: {
        known: false,
        type: 'call.summarized',
        callSid: 'CA9',
        payload: { call_sid: 'CA9', score: 4 },
      },
    })
  })

  it('sends a malformed frame to quarantine with the type it claimed, its reason and raw text', () => {
    const frame = { id: '4', event: 'call.ended', data: '{"call_sid": "CA1", "dur' }
    expect(fromWorkspace(frame)).toMatchObject({
      kind: 'quarantined',
      record: { type: 'call.ended', reason: 'not_json', raw: frame.data, sseId: '4' },
    })
  })

  it('files observer frames under the socket’s call', () => {
    const text = JSON.stringify({ type: 'speaker_muted', muted: true })
    expect(observerRecord(normalizeObserverFrame(text), text, 'CA7', AT)).toMatchObject({
      kind: 'event',
      record: { source: 'observer', callSid: 'CA7', sseId: null, type: 'speaker_muted', raw: text },
    })
    const broken = '{"type":"speaker_muted"}'
    expect(observerRecord(normalizeObserverFrame(broken), broken, 'CA7', AT)).toMatchObject({
      kind: 'quarantined',
      record: { callSid: 'CA7', reason: 'invalid_fields' },
    })
  })
})
