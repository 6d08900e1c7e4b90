import { z } from 'zod'
import { clinicalText, id } from '../../events/fields'
import {
  connectionMethod,
  direction,
  escalationStatus,
  lenientList,
  operatorKind,
  operatorMode,
  operatorRole,
  operatorStatus,
  opaqueObject,
  openEnum,
  paginated,
} from './schema-kit'

// Operators and escalations (spec 4.2, 4.3, 4.5), field by field. Operators are staff, not
// patients: their names and contact details are not PHI. Request bodies carry the spec's limits,
// so a command is refused here, with the field named, before the platform would answer 422.

/** `OperatorResponse`: `GET /v1/{workspace_id}/operators[/{operator_id}]`. */
export const operatorSchema = z.object({
  active_call_sid: z.string().nullish(),
  avg_handle_time_seconds: z.number(),
  connection_method: connectionMethod,
  created_at: z.string().nullish(),
  email: z.string().nullish(),
  id: id(),
  last_call_at: z.string().nullish(),
  last_status_change: z.string().nullish(),
  name: z.string().nullish(),
  phone_number: z.string().nullish(),
  role: operatorRole,
  skills: z.array(z.string()),
  status: operatorStatus,
  total_escalations_handled: z.int(),
  type: operatorKind.nullish(),
  updated_at: z.string().nullish(),
  workspace_id: id(),
})

export const operatorPageSchema = paginated(operatorSchema)

const e164 = z.string().min(2).max(16)
const callSidField = z.string().min(1).max(64)

/** `CreateOperatorRequest`. */
export const createOperatorRequestSchema = z.object({
  connection_method: connectionMethod.default('browser'),
  email: z.email(),
  name: z.string().min(1).max(256),
  phone_number: e164.nullish(),
  role: operatorRole.default('operator'),
  skills: z.array(z.string().min(1).max(64)).optional(),
  type: operatorKind.default('clinical'),
})

/** `UpdateOperatorRequest`. */
export const updateOperatorRequestSchema = z.object({
  connection_method: connectionMethod.nullish(),
  email: z.email().nullish(),
  name: z.string().min(1).max(256).nullish(),
  phone_number: e164.nullish(),
  role: operatorRole.nullish(),
  skills: z.array(z.string().min(1).max(64)).nullish(),
  status: operatorStatus.nullish(),
  type: operatorKind.nullish(),
})

/** `JoinCallRequest` / `JoinCallResponse`: the mode defaults to takeover. */
export const joinCallRequestSchema = z.object({
  call_sid: callSidField,
  mode: operatorMode.default('takeover'),
})
export const joinCallResponseSchema = z.object({
  conference_sid: z.string(),
  mode: operatorMode,
  operator_entity_id: id(),
  participant_call_sid: z.string(),
})

/** `SwitchModeRequest` / `SwitchModeResponse`. */
export const switchModeRequestSchema = z.object({
  call_sid: callSidField,
  mode: operatorMode,
  participant_call_sid: z.string().max(64).default(''),
})
export const switchModeResponseSchema = z.object({ mode: operatorMode })

/** `LeaveCallRequest`; the reply is `{success}`. */
export const leaveCallRequestSchema = z.object({ call_sid: callSidField })
export const successResponseSchema = z.object({ success: z.boolean() })

/** `SendGuidanceRequest` / `SendGuidanceResponse`: text whispered to the agent. */
export const sendGuidanceRequestSchema = z.object({
  call_sid: callSidField,
  message: clinicalText(z.string().min(1).max(5000)),
})
export const sendGuidanceResponseSchema = z.object({
  call_sid: z.string(),
  status: openEnum(['delivered', 'failed']),
})

/** `WrapUpRequest`; the reply is `{success}`. */
export const wrapUpRequestSchema = z.object({
  call_sid: callSidField,
  notes: clinicalText(z.string().max(2000).default('')),
  outcome: openEnum(['resolved', 'escalated', 'transferred']),
})

/** `AccessTokenRequest` / `AccessTokenResponse`: browser audio for an operator. */
export const accessTokenRequestSchema = z.object({ call_sid: callSidField })
export const accessTokenResponseSchema = z.object({
  conference_sid: z.string(),
  connect_params: z.record(z.string(), z.string()).default({}),
  identity: z.string(),
  token: z.string(),
})

/** `TranscriptSegment` / `CallTranscriptResponse`: operator takeover speech, per speaker. */
export const transcriptSegmentSchema = z.object({
  confidence: z.number(),
  escalation_id: z.string().nullable(),
  speaker_role: z.string(),
  timestamp: z.string().nullable(),
  transcript: clinicalText(z.string()),
})
export const callTranscriptSchema = z.object({
  call_entity_id: id(),
  call_sid: z.string().nullable(),
  segments: lenientList(transcriptSegmentSchema),
  total_segments: z.int(),
})

/** `ActiveEscalationItem`: `GET .../operators/escalations/active`. */
export const activeEscalationSchema = z.object({
  call_entity_id: id(),
  call_sid: z.string().nullish(),
  caller_id: clinicalText(z.string().nullish()),
  concept: clinicalText(z.string().nullish()),
  connected_at: z.string().nullish(),
  direction: direction.nullish(),
  escalation_id: z.string().nullish(),
  immediate: z.boolean(),
  operator_entity_id: id().nullish(),
  operator_type: operatorKind.nullish(),
  phone_number: clinicalText(z.string().nullish()),
  regulatory_basis: z.string().nullish(),
  requested_at: z.string().nullish(),
  risk_score: z.number().nullish(),
  started_at: z.string().nullish(),
  status: escalationStatus,
  trigger: z.string().nullish(),
  trigger_source: z.string().nullish(),
  wait_seconds: z.number().nullish(),
})
export const activeEscalationPageSchema = paginated(activeEscalationSchema)

/** `OperatorStatusCounts`, `EscalationDailyStats`, `DashboardResponse`. */
export const operatorStatusCountsSchema = z.object({
  busy: z.int(),
  offline: z.int(),
  online: z.int(),
  total: z.int(),
})
export const escalationDailyStatsSchema = z.object({
  avg_handle_time_seconds: z.number().nullish(),
  avg_wait_seconds: z.number().nullish(),
  completed: z.int().default(0),
  connected: z.int().default(0),
  requested: z.int().default(0),
})
export const dashboardSchema = z.object({
  active_escalations: z.int(),
  escalations_today: escalationDailyStatsSchema,
  operators: operatorStatusCountsSchema,
  recent_escalations: lenientList(activeEscalationSchema),
  workspace_id: id(),
})

/** `BriefingRequest` / `BriefingResponse`: what an operator reads before joining. */
export const briefingRequestSchema = z.object({ call_sid: z.string() })
export const briefingSectionSchema = z.object({
  // A briefing summarizes the call: clinical prose.
  content: clinicalText(z.string()),
  title: z.string(),
})
export const briefingSchema = z.object({
  call_sid: z.string(),
  generated_at: z.string(),
  operator_id: id(),
  sections: z.array(briefingSectionSchema),
})

/** `EscalationEventResponse`: `GET .../operators/escalations`. */
export const escalationEventSchema = z.object({
  confidence: z.number(),
  created_at: z.string().nullish(),
  data: clinicalText(opaqueObject),
  event_type: z.string(),
  id: id(),
  ingested_at: z.string().nullish(),
  source: z.string(),
  workspace_id: id(),
})
export const escalationEventPageSchema = paginated(escalationEventSchema)

/** `EscalationStatsResponse` and its buckets: `GET .../operators/escalations/stats`. */
export const escalationStatsSchema = z.object({
  buckets: z.array(z.object({ count: z.int(), key: z.string() })),
  group_by: z.string(),
  period: z.string(),
  total: z.int(),
  workspace_id: id(),
})

export type Operator = z.output<typeof operatorSchema>
export type OperatorPage = z.output<typeof operatorPageSchema>
export type CallTranscript = z.output<typeof callTranscriptSchema>
export type ActiveEscalation = z.output<typeof activeEscalationSchema>
export type Dashboard = z.output<typeof dashboardSchema>
export type Briefing = z.output<typeof briefingSchema>
export type EscalationEvent = z.output<typeof escalationEventSchema>
export type EscalationStats = z.output<typeof escalationStatsSchema>
