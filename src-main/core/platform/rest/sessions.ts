import { z } from 'zod'
import { clinicalText, id } from '../../events/fields'
import { direction, openEnum } from './schema-kit'

/** `GET /v1/auth/me` (spec 1): the calling key, and when it expires. */
export const authInfoSchema = z.object({
  key_id: z.string(),
  name: z.string().nullish(),
  workspace_id: id(),
  expires_at: z.string(),
  expires_in_seconds: z.int(),
})

/** `ActiveSession` (spec 4.3): one element of `GET /v1/{workspace_id}/sessions/active`. */
export const activeSessionSchema = z.object({
  call_sid: z.string(),
  // Not tagged x-phi here, but it is the caller's number, tagged so on `call.started`.
  caller_id: clinicalText(z.string()),
  current_state: z.string().default(''),
  direction: z.string(),
  duration_seconds: z.number(),
  scenario: z.string().default(''),
  service_id: id().nullish(),
  workspace_id: id().nullish(),
})

export const activeSessionsSchema = z.array(activeSessionSchema)

/** `InjectRequest` (spec 4.3): `POST /v1/{workspace_id}/sessions/{call_sid}/inject`. */
export const injectRequestSchema = z.object({
  event_type: openEnum(['external_event', 'guidance']).default('external_event'),
  message: clinicalText(z.string().min(1).max(5000)),
  sender: z.string().max(200).default('System'),
})

/** `InjectResponse` (spec 4.3). */
export const injectResponseSchema = z.object({
  call_sid: z.string(),
  status: openEnum(['delivered', 'queued_no_subscriber']),
})

/** `PriorityQueueItem` (spec 4.3): one active call ranked by operator priority. */
export const priorityQueueItemSchema = z.object({
  brief_context: clinicalText(z.string().nullish()),
  call_sid: z.string(),
  caller_id: clinicalText(z.string().default('')),
  caller_phone: clinicalText(z.string().nullish()),
  current_emotion: z.string().nullish(),
  current_state: z.string().default(''),
  current_valence: z.number().nullish(),
  data_quality_flags: z.array(z.string()).default([]),
  direction: direction.default('inbound'),
  entity_name: clinicalText(z.string().nullish()),
  escalation_active: z.boolean().default(false),
  priority_reasons: z
    .array(openEnum(['high_risk', 'long_wait', 'negative_emotion', 'safety_concern', 'looping']))
    .default([]),
  priority_score: z.number(),
  risk_level: openEnum(['low', 'medium', 'high', 'critical']).nullish(),
  risk_score: z.number().nullish(),
  service_id: z.string().default(''),
  service_name: z.string().nullish(),
  started_at: z.string().nullish(),
  turn_count: z.int().default(0),
  wait_seconds: z.number().default(0),
})

/** `PriorityQueueResponse` (spec 4.5): `GET /v1/{workspace_id}/operators/queue`. */
export const priorityQueueSchema = z.object({
  queue: z.array(priorityQueueItemSchema),
  total_active: z.int(),
  workspace_id: id(),
})

export type AuthInfo = z.output<typeof authInfoSchema>
export type ActiveSession = z.output<typeof activeSessionSchema>
export type InjectRequest = z.input<typeof injectRequestSchema>
export type InjectResponse = z.output<typeof injectResponseSchema>
export type PriorityQueueItem = z.output<typeof priorityQueueItemSchema>
export type PriorityQueue = z.output<typeof priorityQueueSchema>
