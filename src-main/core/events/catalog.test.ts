import { describe, expect, it } from 'vitest'
import { observerEventTypes, workspaceEventTypes } from './catalog'

describe('event catalog', () => {
  it('knows the 45 workspace event types of the spec, each once', () => {
    expect(workspaceEventTypes).toHaveLength(45)
    expect(new Set(workspaceEventTypes).size).toBe(45)
    expect(workspaceEventTypes).toEqual(
      expect.arrayContaining([
        'call.started',
        'channel.email_received',
        'channel.voicemail_status',
        'pipeline.error',
        'self_image.brief_generated',
        'workspace.invitation_accepted',
      ]),
    )
  })

  it('knows the 20 observer event types of the spec, each once', () => {
    expect([...observerEventTypes].sort()).toEqual([
      'agent_transcript',
      'agent_transcript_delta',
      'barge_in',
      'compound_emotion',
      'emotion',
      'empathy_classified',
      'forward_call_resolved',
      'latency',
      'nav_timing',
      'participant_joined',
      'participant_left',
      'session_end',
      'session_info',
      'session_start',
      'speaker_muted',
      'state_transition',
      'tool_call_completed',
      'tool_call_started',
      'user_transcript',
      'voice_context_applied',
    ])
  })
})
