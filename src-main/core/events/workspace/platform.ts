import { z } from 'zod'
import { clinicalText, id, workspaceEvent } from '../fields'

// Spec 2.5, "Pipeline, trigger, review, encounter, simulation, narrative events" and
// "Workspace membership events".

const triggerOutcome = {
  status: z.string(),
  trigger_id: id(),
  trigger_name: z.string(),
}

export const pipelineEvents = [
  workspaceEvent('pipeline.sync_completed', {
    data_source_id: id(),
    duration_ms: z.int(),
    event_count: z.int(),
  }),
  // Two shapes are on the wire: the OpenAPI's, and the one the vendor SDK's own stream tests
  // send. Both are valid; a consumer tells them apart by `'error' in event`.
  z.union([
    workspaceEvent('pipeline.error', {
      data_source_id: id(),
      // A sync error quotes the record it choked on: an EHR record holds a patient's data.
      error: clinicalText(z.string()),
    }),
    workspaceEvent('pipeline.error', {
      pipeline_name: z.string(),
      error_code: z.string().nullish(),
      // The same text in the SDK's shape.
      error_message: clinicalText(z.string()),
    }),
  ]),
] as const

export const automationEvents = [
  workspaceEvent('trigger.fired', {
    manual: z.boolean().default(false),
    trigger_id: id(),
    trigger_name: z.string(),
  }),
  workspaceEvent('trigger.completed', triggerOutcome),
  workspaceEvent('trigger.failed', triggerOutcome),
  workspaceEvent('review.submitted', {
    action: z.enum(['approve', 'reject', 'correct', 'batch_approve', 'batch_reject']),
    count: z.int().nullish(),
    entity_id: id().nullish(),
    entity_type: z.string().nullish(),
    item_id: z.string().nullish(),
  }),
  workspaceEvent('encounter.updated', {
    encounter_entity_id: id(),
    session_id: z.string(),
  }),
  workspaceEvent('simulation.turn_stored', {
    is_terminal: z.boolean(),
    run_id: z.string(),
    service_id: id(),
    session_id: z.string(),
    state_after: z.string(),
    state_before: z.string(),
    turn_index: z.int(),
  }),
  workspaceEvent('self_image.brief_generated', {
    confidence: z.number(),
    event_count: z.int(),
    event_id: id(),
    target_entity_id: id(),
    target_entity_type: z.string(),
    version: z.string(),
  }),
] as const

export const membershipEvents = [
  workspaceEvent('workspace.member_added', {
    entity_id: id(),
    role: z.string(),
  }),
  workspaceEvent('workspace.member_role_updated', {
    entity_id: id(),
    previous_role: z.string(),
    role: z.string(),
  }),
  workspaceEvent('workspace.invitation_sent', {
    invitation_id: z.string(),
    resent: z.boolean().default(false),
    role: z.string(),
  }),
  workspaceEvent('workspace.invitation_accepted', {
    entity_id: id(),
    role: z.string(),
  }),
] as const
