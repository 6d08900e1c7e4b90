import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { clinicalText, phi, sensitiveKindOf } from './fields'
import {
  isSensitiveField,
  listPhiFields,
  listSensitiveFields,
  observerClinicalTextFields,
  observerPhiFields,
  observerSensitiveFields,
  sensitiveFieldNames,
  sensitiveFieldsOf,
  workspaceClinicalTextFields,
  workspacePhiFields,
  workspaceSensitiveFields,
} from './phi-registry'

// The spec's lists (sections 2.7 and 3.9) and ours, written out literally so that the registry,
// which is derived from the schemas, is checked against its sources rather than against itself.

describe('PHI registry', () => {
  it('lists exactly the 12 x-phi fields of the workspace stream', () => {
    expect(listPhiFields(workspacePhiFields)).toEqual([
      'call.started.caller_id',
      'channel.email_bounced.to_address',
      'channel.email_clicked.to_address',
      'channel.email_complained.to_address',
      'channel.email_delayed.to_address',
      'channel.email_delivered.to_address',
      'channel.email_opened.to_address',
      'channel.email_received.from_address',
      'channel.email_received.to_address',
      'channel.email_rejected.to_address',
      'channel.voicemail_status.recipient_phone_number',
      'surface.delivered.channel_address',
    ])
  })

  it('lists exactly the 15 x-phi fields of the observer stream', () => {
    expect(listPhiFields(observerPhiFields)).toEqual([
      'agent_transcript.transcript',
      'agent_transcript_delta.delta',
      'barge_in.discarded_texts',
      'barge_in.interrupted_text',
      'emotion.verified_speaker_id',
      'forward_call_resolved.target_number',
      'participant_joined.display_name',
      'participant_joined.participant_name',
      'participant_joined.phone_number',
      'participant_left.display_name',
      'participant_left.phone_number',
      'session_info.caller_id',
      'tool_call_completed.output',
      'tool_call_started.input',
      'user_transcript.transcript',
    ])
  })

  it('lists exactly our clinical-text fields of the workspace stream', () => {
    expect(listPhiFields(workspaceClinicalTextFields)).toEqual([
      'call.escalated.reason',
      'channel.email_received.subject',
      'operator.profile_updated.changes',
      'operator.wrap_up.wrap_up_reason',
      'pipeline.error.error',
      'pipeline.error.error_message',
      'surface.review_rejected.reason',
    ])
  })

  it('lists exactly our clinical-text fields of the observer stream', () => {
    expect(listPhiFields(observerClinicalTextFields)).toEqual([
      'forward_call_resolved.error',
      'session_end.emotional_summary',
      'state_transition.annotation',
      'tool_call_completed.error_message',
      'voice_context_applied.reasoning',
    ])
  })

  it('holds both kinds, and nothing else, in the one policy', () => {
    const both = (map: typeof workspaceSensitiveFields) =>
      listSensitiveFields(map).map((line) => line.split(' ')[0])
    expect(both(workspaceSensitiveFields)).toEqual(
      [...listPhiFields(workspacePhiFields), ...listPhiFields(workspaceClinicalTextFields)].sort(),
    )
    expect(both(observerSensitiveFields)).toEqual(
      [...listPhiFields(observerPhiFields), ...listPhiFields(observerClinicalTextFields)].sort(),
    )
    expect(listSensitiveFields(workspaceSensitiveFields)).toContain('call.started.caller_id x-phi')
    expect(listSensitiveFields(workspaceSensitiveFields)).toContain(
      'call.escalated.reason clinical-text',
    )
  })

  it('answers per event type, for redaction', () => {
    expect(workspacePhiFields.get('channel.email_received')).toEqual(['from_address', 'to_address'])
    expect([...sensitiveFieldsOf('workspace', 'channel.email_received')]).toEqual([
      ['from_address', 'x-phi'],
      ['subject', 'clinical-text'],
      ['to_address', 'x-phi'],
    ])
    expect(workspacePhiFields.get('call.ended')).toBeUndefined()
    expect(sensitiveFieldsOf('workspace', 'call.ended').size).toBe(0)
    expect(observerPhiFields.get('participant_left')).toEqual(['display_name', 'phone_number'])
    expect(sensitiveFieldsOf('observer', 'call.escalated').size).toBe(0)
  })

  it('answers per field, for log lines: the catalog for known types, names for the rest', () => {
    expect(isSensitiveField('workspace', 'call.escalated', 'reason')).toBe(true)
    expect(isSensitiveField('workspace', 'call.escalated', 'trigger')).toBe(false)
    expect(isSensitiveField('observer', 'voice_context_applied', 'reasoning')).toBe(true)
    expect(isSensitiveField('observer', 'voice_context_applied', 'tts_speed')).toBe(false)
    // A catalog field that is not sensitive in its own type, though its name is elsewhere.
    expect(isSensitiveField('observer', 'forward_call_resolved', 'result')).toBe(false)
    // Variant names the normalizer renames, on a known type.
    expect(isSensitiveField('observer', 'user_transcript', 'text')).toBe(true)
    expect(isSensitiveField('observer', 'tool_call_completed', 'result')).toBe(true)
    // An unknown type: by name.
    expect(isSensitiveField('workspace', 'call.summarized', 'reason')).toBe(true)
    expect(isSensitiveField('workspace', 'call.summarized', 'summary_id')).toBe(false)
    // The stream matters: `caller_id` of a workspace type is not an observer type's field.
    expect(isSensitiveField('observer', 'call.started', 'caller_id')).toBe(true)
    for (const name of ['caller_id', 'transcript', 'reason', 'subject', 'reasoning', 'text']) {
      expect(sensitiveFieldNames.has(name), name).toBe(true)
    }
    expect(sensitiveFieldNames.has('call_sid')).toBe(false)
  })

  it('finds a mark through the wrappers around it, and refuses two kinds on one field', () => {
    expect(sensitiveKindOf(phi(z.string()).nullish().default(null))).toBe('x-phi')
    expect(sensitiveKindOf(clinicalText(z.string()).optional().catch(undefined))).toBe(
      'clinical-text',
    )
    expect(sensitiveKindOf(z.string().nullish())).toBeNull()
    const marked = phi(z.string())
    expect(() => clinicalText(marked)).toThrow(/x-phi/)
  })
})
