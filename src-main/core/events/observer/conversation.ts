import { z } from 'zod'
import { callDirection, clinicalText, fillerType, id, observerEvent, phi } from '../fields'

// Spec 3.7: session lifecycle, transcripts, context-graph navigation, timing and tools.

export const sessionEvents = [
  observerEvent('session_info', {
    call_sid: z.string(),
    caller_id: phi(z.string().default('')),
    current_state: z.string().default(''),
    direction: callDirection.default('inbound'),
    duration_seconds: z.number().default(0),
    service_id: z.string().default(''),
    start_time: z.number().default(0),
    workspace_id: z.string().default(''),
  }),
  observerEvent('session_start', {
    call_sid: z.string().nullish(),
    initial_state: z.string().nullish(),
    mode: z.string().nullish(),
    service_id: id().nullish(),
    session_id: z.string().nullish(),
    trace_id: z.string().nullish(),
    workspace_id: id().nullish(),
  }),
  observerEvent('session_end', {
    call_sid: z.string().nullish(),
    completion_reason: z.string().default(''),
    duration_s: z.number().default(0),
    // An open object about the caller's emotional state: any prose the platform adds sits here.
    emotional_summary: clinicalText(z.record(z.string(), z.unknown()).nullish()),
    final_state: z.string().default(''),
    has_recording: z.boolean().nullish(),
    session_id: z.string().nullish(),
    trace_id: z.string().nullish(),
    turns: z.int().default(0),
  }),
] as const

export const transcriptEvents = [
  observerEvent('user_transcript', {
    eot_confidence: z.number().nullish(),
    is_barge_in: z.boolean().nullish(),
    // Not in the OpenAPI: both docs versions (spec 3.8) send it, and a non-final transcript is a
    // partial that a timeline must not count as a turn.
    is_final: z.boolean().optional(),
    speaker_id: z.string().nullish(),
    speaker_role: z.string().nullish(),
    state: z.string().default(''),
    stt_confidence: z.number().nullish(),
    transcript: phi(z.string()),
  }),
  observerEvent('agent_transcript', {
    action: z.string().nullish(),
    filler_type: fillerType.nullish(),
    interrupted: z.boolean().default(false),
    speaker_id: z.string().nullish(),
    speaker_role: z.string().nullish(),
    // Not in the OpenAPI: the docs observer page lists the state the agent spoke in.
    state: z.string().nullish(),
    streaming: z.boolean().nullish(),
    transcript: phi(z.string()),
  }),
  observerEvent('agent_transcript_delta', {
    delta: phi(z.string()),
  }),
] as const

export const navigationEvents = [
  observerEvent('state_transition', {
    // The navigator's note on why it moved, which can restate what the caller said.
    annotation: clinicalText(z.string().nullish()),
    next_state: z.string(),
    previous_state: z.string(),
    transition_type: z.string().nullish(),
  }),
  observerEvent('nav_timing', {
    input_tokens: z.int().nullish(),
    model: z.string().nullish(),
    nav_ms: z.number(),
    output_tokens: z.int().nullish(),
    render_ms: z.number(),
    retry_attempts: z.int().nullish(),
    selected_action: z.string().nullish(),
    state: z.string().nullish(),
    total_ms: z.number(),
    used_fallback: z.boolean().nullish(),
  }),
  observerEvent('latency', {
    audio_ttfb_ms: z.number(),
    continuation: z.boolean(),
    e2e_ttfb_ms: z.number(),
    engine_ms: z.number(),
    is_greeting: z.boolean().default(false),
    nav_ms: z.number(),
    render_ms: z.number(),
  }),
] as const

// `call_id` on tool events is the tool invocation's id, not the phone call (spec 3.4).
const toolInvocation = {
  call_id: z.string().max(256),
  endpoint_name: z.string().max(256).nullish(),
  integration_name: z.string().max(256).nullish(),
  parent_call_id: z.string().max(256).nullish(),
  protocol: z.string().max(64).nullish(),
  tool_name: z.string().max(256),
}

export const toolEvents = [
  observerEvent('tool_call_started', {
    ...toolInvocation,
    input: phi(z.union([z.record(z.string(), z.unknown()), z.string()]).nullish()),
  }),
  observerEvent('tool_call_completed', {
    ...toolInvocation,
    duration_ms: z.number().nullish(),
    // A tool's error can quote the caller's input ("no patient named …", "invalid DOB …").
    error_message: clinicalText(z.string().max(2048).nullish()),
    output: phi(z.string().nullish()),
    succeeded: z.boolean().default(true),
  }),
] as const
