import { z } from 'zod'
import { clinicalText, id, phi } from '../../events/fields'
import { playbackTimelineSchema } from './playback-timeline'
import {
  completionReason,
  direction,
  escalationStatus,
  lenientList,
  opaqueObject,
  openEnum,
} from './schema-kit'

// `GET /v1/{workspace_id}/calls/{call_id}` → `CallDetailResponse` (spec 4.4), field by field. The
// only required field of the reply is `id`; a turn has no `turn_index` (turns come in order, with
// `id` and `timestamp`). Lists are read item by item (`lenientList`), so one damaged tool call
// costs that tool call, not the turn or the reply.

/** `ToolCall`: a tool the agent used during a turn. */
export const toolCallSchema = z.object({
  call_id: z.string().nullish(),
  duration_ms: z.number().nullish(),
  endpoint_name: z.string().nullish(),
  // Free text from the integration: it can quote what the caller said.
  error_message: clinicalText(z.string().nullish()),
  input: clinicalText(z.record(z.string(), z.unknown()).nullish()),
  integration_name: z.string().nullish(),
  output: clinicalText(z.string().nullish()),
  protocol: z.string().nullish(),
  succeeded: z.boolean().default(true),
  tool_name: z.string(),
})

/**
 * `StateTransition`. Both name pairs are in the schema: `from_state`/`to_state` are required,
 * `previous_state`/`next_state` (the observer event's names) default to "".
 */
export const stateTransitionSchema = z.object({
  annotation: z.string().nullish(),
  from_state: z.string(),
  next_state: z.string().default(''),
  previous_state: z.string().default(''),
  to_state: z.string(),
  type: z.string().nullish(),
})

/** `Turn`: one exchange, the caller's words and the agent's, with what happened in between. */
export const turnSchema = z.object({
  agent_action: z.string().nullish(),
  agent_speech_end_ms: z.number().nullish(),
  agent_speech_start_ms: z.number().nullish(),
  agent_transcript: phi(z.string().nullish()),
  audio_ttfb_ms: z.number().nullish(),
  audio_window_end_ms: z.number().nullish(),
  audio_window_start_ms: z.number().nullish(),
  compound_emotions: z.array(opaqueObject).nullish(),
  emotion_label: z.string().nullish(),
  emotion_valence: z.number().nullish(),
  engine_ms: z.number().nullish(),
  eot_confidence: z.number().nullish(),
  filler_type: z.string().nullish(),
  id: z.string().nullish(),
  // The agent's reasoning about the caller: clinical free text.
  inner_thoughts: clinicalText(z.array(z.string()).default([])),
  interrupted: z.boolean().default(false),
  nav_ms: z.number().nullish(),
  render_ms: z.number().nullish(),
  speaker_id: z.string().nullish(),
  speaker_role: z.string().nullish(),
  state: z.string().default(''),
  state_transitions: lenientList(stateTransitionSchema).default([]),
  stt_confidence: z.number().nullish(),
  timestamp: z.string().nullish(),
  tool_calls: lenientList(toolCallSchema).default([]),
  trigger: z.string().default(''),
  user_speech_end_ms: z.number().nullish(),
  user_speech_start_ms: z.number().nullish(),
  user_transcript: phi(z.string().nullish()),
})

/** `HumanSegment`: an operator's (or the caller's) speech during a takeover. */
export const humanSegmentSchema = z.object({
  speaker_role: z.string(),
  timestamp: z.string().nullish(),
  transcript: phi(z.string()),
})

/** `Participant`: who was in the call's conference, when. */
export const participantSchema = z.object({
  display_name: clinicalText(z.string().nullish()),
  joined_at: z.string(),
  left_at: z.string().nullish(),
  participant_id: z.string(),
  phone_number: phi(z.string().nullish()),
  role: openEnum(['caller', 'agent', 'operator']),
})

/** `EscalationState`. */
export const escalationStateSchema = z.object({
  agent_confidence: z.number().nullish(),
  completed_at: z.string().nullish(),
  // What the escalation is about ("medication side effect"): clinical.
  concept: clinicalText(z.string().nullish()),
  connected_at: z.string().nullish(),
  escalation_id: z.string().nullish(),
  handle_time_seconds: z.number().nullish(),
  human_segment_turn_count: z.int().nullish(),
  immediate: z.boolean().default(false),
  operator_entity_id: id().nullish(),
  operator_type: z.string().nullish(),
  regulatory_basis: z.string().nullish(),
  requested_at: z.string().nullish(),
  risk_score: z.number().nullish(),
  similarity: z.number().nullish(),
  status: escalationStatus,
  trigger: z.string().nullish(),
  trigger_source: z.string().nullish(),
  wait_seconds: z.number().nullish(),
})

/** `EmotionalSummary`. */
export const emotionalSummarySchema = z.object({
  average_arousal: z.number().nullish(),
  average_valence: z.number().nullish(),
  barge_in_count: z.int().nullish(),
  compound_emotions: z.array(opaqueObject).nullish(),
  dominant_emotion: z.string().nullish(),
  emotional_shifts: z.int().nullish(),
  final_trend: z.string().nullish(),
  peak_negative_emotion: z.string().nullish(),
  peak_negative_valence: z.number().nullish(),
  segment_count: z.int().nullish(),
})

/** `ForwardingDetails`. */
export const forwardingDetailsSchema = z.object({
  forward_to: phi(z.string()),
  forwarded_at: z.string().nullish(),
  should_disconnect: z.boolean(),
  warm_transfer: z.boolean().default(true),
})

/** `BargeInEvent` as the call detail lists it: the observer event's fields (spec 3.7). */
export const bargeInRecordSchema = z.object({
  discarded_texts: phi(z.array(z.string()).nullish()),
  interrupted_speaker_id: z.string().nullish(),
  interrupted_text: phi(z.string().nullish()),
  interrupting_speaker_id: z.string().nullish(),
  total_barge_ins: z.int().nullish(),
})

/** `CallDetailResponse`. */
export const callDetailSchema = z.object({
  audit: opaqueObject.nullish(),
  barge_in_events: lenientList(bargeInRecordSchema).default([]),
  // Analyses and summaries are prose about the patient.
  call_analysis: clinicalText(opaqueObject.nullish()),
  call_duration_seconds: z.number().default(0),
  call_end_time: z.string().nullish(),
  call_sid: z.string().nullish(),
  call_start_time: z.string().nullish(),
  caller_id: phi(z.string().nullish()),
  completion_reason: completionReason.nullish(),
  conference_sid: z.string().nullish(),
  config: opaqueObject.nullish(),
  conversation_summary: clinicalText(opaqueObject.nullish()),
  direction: direction.nullish(),
  emotional_summary: emotionalSummarySchema.nullish().catch(null),
  error: clinicalText(z.string().nullish()),
  escalation: escalationStateSchema.nullish().catch(null),
  final_state: z.string().nullish(),
  fork_turn_index: z.int().nullish(),
  forwarding: forwardingDetailsSchema.nullish().catch(null),
  has_recording: z.boolean().default(false),
  human_segments: lenientList(humanSegmentSchema).default([]),
  id: id(),
  media_start_time: z.string().nullish(),
  parent_session_id: z.string().nullish(),
  participants: lenientList(participantSchema).default([]),
  per_turn_accuracy: z.array(z.number().nullable()).nullish(),
  phone_number: phi(z.string().nullish()),
  quality_score: z.number().nullish(),
  recording_path: z.string().nullish(),
  run_id: z.string().nullish(),
  safety: opaqueObject.nullish(),
  safety_summary: clinicalText(opaqueObject.nullish()),
  score: z.number().nullish(),
  score_rationale: clinicalText(z.string().nullish()),
  service_id: id().nullish(),
  source: z.string().nullish(),
  states_visited: z.array(z.string()).default([]),
  status: z.string().default('completed'),
  timeline: playbackTimelineSchema.nullish().catch(null),
  transcript_accuracy: z.number().nullish(),
  triggered_behaviors: z.array(z.string()).default([]),
  turns: lenientList(turnSchema).default([]),
  twilio_recording_duration: z.number().nullish(),
  twilio_recording_sid: z.string().nullish(),
  verified_transcript: clinicalText(z.string().nullish()),
  verified_words: clinicalText(z.array(opaqueObject).nullish()),
  workspace_id: id().nullish(),
})

export type ToolCallRecord = z.output<typeof toolCallSchema>
export type StateTransitionRecord = z.output<typeof stateTransitionSchema>
export type CallTurn = z.output<typeof turnSchema>
export type HumanSegment = z.output<typeof humanSegmentSchema>
export type CallParticipant = z.output<typeof participantSchema>
export type EscalationState = z.output<typeof escalationStateSchema>
export type EmotionalSummary = z.output<typeof emotionalSummarySchema>
export type ForwardingDetails = z.output<typeof forwardingDetailsSchema>
export type CallDetail = z.output<typeof callDetailSchema>
/** What the simulator writes (defaults may be left out, as the platform may leave them out). */
export type CallDetailInput = z.input<typeof callDetailSchema>
