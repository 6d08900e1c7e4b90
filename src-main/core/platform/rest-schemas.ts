import { z } from 'zod'
import { callDirection, completionReason, id, phi } from '../events/fields'

// The REST resources the app reads (spec 1 and 4.3), validated like events: the app trusts no
// wire shape it has not checked. PHI is marked as in the event catalog.

/** `GET /v1/auth/me`: the calling key, and when it expires. */
export const authInfoSchema = z.object({
  key_id: z.string(),
  name: z.string().nullish(),
  workspace_id: id(),
  expires_at: z.string(),
  expires_in_seconds: z.int(),
})

/** One element of `GET /v1/{workspace_id}/sessions/active`. */
export const activeSessionSchema = z.object({
  call_sid: z.string(),
  caller_id: phi(z.string()),
  current_state: z.string().default(''),
  direction: z.string(),
  duration_seconds: z.number(),
  scenario: z.string().default(''),
  service_id: id().nullish(),
  workspace_id: id().nullish(),
})

export const activeSessionsSchema = z.array(activeSessionSchema)

/** A call in `GET /v1/{workspace_id}/calls` (spec `CallSummary`). */
export const callSummarySchema = z.object({
  call_sid: z.string().nullish(),
  caller_id: phi(z.string().nullish()),
  completion_reason: completionReason.nullish(),
  direction: callDirection.nullish(),
  duration_seconds: z.number().nullish(),
  entity_id: id(),
  escalation_status: z.enum(['none', 'requested', 'connected', 'handback', 'completed']).nullish(),
  final_state: z.string().nullish(),
  fork_turn_index: z.int().nullish(),
  has_recording: z.boolean().nullish(),
  parent_session_id: z.string().nullish(),
  phone_number: phi(z.string().nullish()),
  quality_score: z.number().nullish(),
  run_id: z.string().nullish(),
  service_id: id().nullish(),
  source: z.enum(['real', 'simulated', 'playground', 'scribe']).nullish(),
  started_at: z.string().nullish(),
  status: z
    .enum([
      'initiated',
      'ringing',
      'in-progress',
      'completed',
      'busy',
      'no-answer',
      'canceled',
      'failed',
      'unknown',
    ])
    .nullish(),
  turns: z.int().nullish(),
})

export const callListSchema = z.object({
  items: z.array(callSummarySchema),
  total: z.int(),
  has_more: z.boolean(),
  continuation_token: z.int().nullish(),
})

/**
 * One conversational turn of a call, as `GET /calls/{call_id}` returns it. The spec names the
 * turn's transcripts (x-phi) but not the rest of `CallDetailResponse`; this is the part of it the
 * app reads to backfill what an observer missed, and it tolerates whatever else is there.
 */
export const callTurnSchema = z.object({
  turn_index: z.int(),
  started_at: z.string().nullish(),
  state: z.string().nullish(),
  speaker_role: z.string().nullish(),
  user_transcript: phi(z.string().nullish()),
  agent_transcript: phi(z.string().nullish()),
})

export const callDetailSchema = callSummarySchema.extend({
  turns: z.array(callTurnSchema),
})

export type AuthInfo = z.output<typeof authInfoSchema>
export type ActiveSession = z.output<typeof activeSessionSchema>
export type CallSummary = z.output<typeof callSummarySchema>
export type CallList = z.output<typeof callListSchema>
export type CallTurn = z.output<typeof callTurnSchema>
export type CallDetail = z.output<typeof callDetailSchema>
