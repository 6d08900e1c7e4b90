import { z } from 'zod'
import { clinicalText, id } from '../../events/fields'
import { completionReason, direction, escalationStatus, openEnum } from './schema-kit'

/** `CallSummary` (spec 4.3): a call in `GET /v1/{workspace_id}/calls`. */
export const callSummarySchema = z.object({
  call_sid: z.string().nullish(),
  caller_id: clinicalText(z.string().nullish()),
  completion_reason: completionReason.nullish(),
  direction: direction.nullish(),
  duration_seconds: z.number().nullish(),
  entity_id: id(),
  escalation_status: escalationStatus.nullish(),
  final_state: z.string().nullish(),
  fork_turn_index: z.int().nullish(),
  has_recording: z.boolean().nullish(),
  parent_session_id: z.string().nullish(),
  phone_number: clinicalText(z.string().nullish()),
  quality_score: z.number().nullish(),
  run_id: z.string().nullish(),
  service_id: id().nullish(),
  source: openEnum(['real', 'simulated', 'playground', 'scribe']).nullish(),
  started_at: z.string().nullish(),
  status: openEnum([
    'initiated',
    'ringing',
    'in-progress',
    'completed',
    'busy',
    'no-answer',
    'canceled',
    'failed',
    'unknown',
  ]).nullish(),
  turns: z.int().nullish(),
})

/** `CallListResponse` (spec 4.1). */
export const callListSchema = z.object({
  items: z.array(callSummarySchema),
  total: z.int(),
  has_more: z.boolean(),
  continuation_token: z.int().nullish(),
})

export type CallSummary = z.output<typeof callSummarySchema>
export type CallList = z.output<typeof callListSchema>
