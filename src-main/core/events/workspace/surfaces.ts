import { z } from 'zod'
import { clinicalText, id, phi, workspaceEvent } from '../fields'

// Spec 2.5, "Surface (form) events". The "SSE Events" guide also lists `entity_id` on
// updated/archived/reshaped (spec 2.6); it is accepted there as an optional field.

export const surfaceEvents = [
  workspaceEvent('surface.created', {
    channel: z.string().nullish(),
    entity_id: id(),
    fields_count: z.int().nullish(),
    form_template_id: id().nullish(),
    review_required: z.boolean().nullish(),
    source: z.string().nullish(),
    surface_id: id(),
  }),
  workspaceEvent('surface.delivered', {
    channel: z.string(),
    channel_address: phi(z.string().nullish()),
    delivery_status: z.string().nullish(),
    entity_id: id(),
    message_id: z.string().nullish(),
    short_url: z.string().nullish(),
    surface_id: id(),
  }),
  workspaceEvent('surface.updated', {
    entity_id: id().optional(),
    surface_id: id(),
  }),
  workspaceEvent('surface.archived', {
    entity_id: id().optional(),
    surface_id: id(),
  }),
  workspaceEvent('surface.reshaped', {
    entity_id: id().optional(),
    original_surface_id: id(),
    surface_id: id(),
  }),
  workspaceEvent('surface.submitted', {
    entity_id: id(),
    fields_submitted: z.array(z.string()).nullish(),
    submitted_at: z.string().nullish(),
    surface_id: id(),
  }),
  workspaceEvent('surface.field_saved', {
    entity_id: id(),
    field_key: z.string(),
    surface_id: id(),
  }),
  workspaceEvent('surface.opened', {
    entity_id: id(),
    surface_id: id(),
  }),
  workspaceEvent('surface.pending_review', {
    entity_id: id(),
    form_template_id: id().nullish(),
    review_required: z.boolean().nullish(),
    source: z.string().nullish(),
    surface_id: id(),
  }),
  workspaceEvent('surface.review_approved', {
    surface_id: id(),
  }),
  workspaceEvent('surface.review_rejected', {
    // A reviewer's note on a patient's form ("Date of birth does not match the chart").
    reason: clinicalText(z.string().nullish()),
    surface_id: id(),
  }),
] as const
