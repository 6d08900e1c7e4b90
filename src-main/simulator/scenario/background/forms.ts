import { messageSid } from '../ids'
import { invent } from '../people'
import type { Random } from '../random'
import type { Script } from '../script'
import { isoAt, type Episode, type World } from '../world'

// Forms ("surfaces") the platform sends patients to fill in, from creation to archive.

interface FormTemplate {
  id: string
  fields: readonly string[]
  reviewRequired: boolean
}

const TEMPLATES: readonly FormTemplate[] = [
  {
    // New patient intake
    id: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
    fields: [
      'preferred_name',
      'date_of_birth',
      'home_address',
      'insurance_member_id',
      'current_medications',
      'allergies',
      'emergency_contact',
      'consent_signature',
    ],
    reviewRequired: true,
  },
  {
    // Medication history
    id: '4c5d6e7f-8a9b-4c0d-9e1f-2a3b4c5d6e7f',
    fields: ['current_medications', 'allergies', 'preferred_pharmacy', 'adverse_reactions'],
    reviewRequired: true,
  },
  {
    // Financial assistance application
    id: '1f2e3d4c-5b6a-4798-8a6b-5c4d3e2f1a0b',
    fields: [
      'household_size',
      'annual_income',
      'employment_status',
      'proof_of_income',
      'signature',
    ],
    reviewRequired: true,
  },
  {
    // Pre-visit questionnaire
    id: '6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d',
    fields: ['reason_for_visit', 'symptom_duration', 'pain_level', 'questions_for_provider'],
    reviewRequired: false,
  },
]

const REJECTION_REASONS = [
  'Insurance card photo is unreadable',
  'Consent section is missing a signature',
  'Date of birth does not match the chart',
]

export type FormReview = 'approved' | 'rejected' | 'none'

/**
 * One form's life: created, delivered by SMS or email, opened, filled in field by field,
 * submitted; then, for a reviewed form, approved (then updated on the chart and archived) or
 * rejected (then reshaped into a corrected version that is sent again, and the original archived).
 */
export function formLifecycle(review: FormReview): Episode {
  return (script, rng, world) => {
    liveForm(script, rng, world, review)
  }
}

/** A form of any kind: most are reviewed and approved. */
export const anyForm: Episode = (script, rng, world) => {
  const review = rng.weighted<FormReview>([
    ['approved', 55],
    ['rejected', 15],
    ['none', 30],
  ])
  liveForm(script, rng, world, review)
}

function liveForm(script: Script, rng: Random, world: World, review: FormReview): void {
  const template =
    review === 'none'
      ? rng.pick(TEMPLATES.filter((t) => !t.reviewRequired))
      : rng.pick(TEMPLATES.filter((t) => t.reviewRequired))
  const patient = invent(rng)
  const entityId = rng.uuid()
  const surfaceId = rng.uuid()
  const source = rng.pick(['voice_agent', 'workflow', 'operator'])
  const bySms = rng.chance(0.6)
  const channel = bySms ? 'sms' : 'email'
  script.workspace({
    event_type: 'surface.created',
    surface_id: surfaceId,
    entity_id: entityId,
    channel,
    fields_count: template.fields.length,
    form_template_id: template.id,
    review_required: template.reviewRequired,
    source,
  })
  const deliver = (id: string): void => {
    script.wait(rng.between(1000, 4000)).workspace({
      event_type: 'surface.delivered',
      surface_id: id,
      entity_id: entityId,
      channel,
      channel_address: bySms ? patient.phone : patient.email,
      delivery_status: 'delivered',
      message_id: bySms ? messageSid(rng) : `<${rng.hex(16)}@mail.example.com>`,
      short_url: `https://forms.example.com/s/${rng.hex(8)}`,
    })
  }
  deliver(surfaceId)
  script.wait(rng.between(15000, 90000))
  script.workspace({ event_type: 'surface.opened', surface_id: surfaceId, entity_id: entityId })
  for (const field of template.fields) {
    script.wait(rng.between(3000, 15000)).workspace({
      event_type: 'surface.field_saved',
      surface_id: surfaceId,
      entity_id: entityId,
      field_key: field,
    })
  }
  script.wait(rng.between(3000, 15000)).workspace({
    event_type: 'surface.submitted',
    surface_id: surfaceId,
    entity_id: entityId,
    fields_submitted: [...template.fields],
    submitted_at: isoAt(world, script.now),
  })
  if (review === 'none') {
    script.wait(rng.between(5000, 30000))
    script.workspace({ event_type: 'surface.updated', surface_id: surfaceId, entity_id: entityId })
    return
  }
  script.wait(rng.between(500, 2000)).workspace({
    event_type: 'surface.pending_review',
    surface_id: surfaceId,
    entity_id: entityId,
    form_template_id: template.id,
    review_required: true,
    source,
  })
  script.wait(rng.between(20000, 90000)).workspace({
    event_type: 'review.submitted',
    action: review === 'approved' ? 'approve' : 'reject',
    count: 1,
    entity_id: entityId,
    entity_type: 'surface',
    item_id: surfaceId,
  })
  script.wait(rng.between(200, 1000))
  if (review === 'approved') {
    script.workspace({ event_type: 'surface.review_approved', surface_id: surfaceId })
    script.wait(rng.between(5000, 30000))
    script.workspace({ event_type: 'surface.updated', surface_id: surfaceId, entity_id: entityId })
    script.wait(rng.between(20000, 60000))
    script.workspace({ event_type: 'surface.archived', surface_id: surfaceId, entity_id: entityId })
    return
  }
  script.workspace({
    event_type: 'surface.review_rejected',
    surface_id: surfaceId,
    reason: rng.pick(REJECTION_REASONS),
  })
  const correctedId = rng.uuid()
  script.wait(rng.between(5000, 20000)).workspace({
    event_type: 'surface.reshaped',
    surface_id: correctedId,
    original_surface_id: surfaceId,
    entity_id: entityId,
  })
  deliver(correctedId)
  script.wait(rng.between(2000, 10000))
  script.workspace({ event_type: 'surface.archived', surface_id: surfaceId, entity_id: entityId })
}
