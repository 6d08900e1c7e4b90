import { describe, expect, it } from 'vitest'
import { listPhiFields, observerPhiFields, workspacePhiFields } from './phi-registry'

// The spec's lists (sections 2.7 and 3.9), written out literally so that the registry, which is
// derived from the schemas, is checked against the source rather than against itself.

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

  it('answers per event type, for redaction', () => {
    expect(workspacePhiFields.get('channel.email_received')).toEqual(['from_address', 'to_address'])
    expect(workspacePhiFields.get('call.ended')).toBeUndefined()
    expect(observerPhiFields.get('participant_left')).toEqual(['display_name', 'phone_number'])
  })
})
