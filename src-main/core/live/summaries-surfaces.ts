import { field, type Summaries, type TypesOf } from './summary-kit'
import { count, joined, line } from './text'

// Form (surface) and channel (email, voicemail) events. Recipient addresses are PHI: they go
// through `field`, which masks them.

const form = 'Form '

export const surfaceSummaries: Summaries<TypesOf<'surface'>> = {
  'surface.created': (e) => {
    const channel = field(e, 'channel')
    return line(
      form,
      field(e, 'surface_id'),
      ' created',
      typeof e.fields_count === 'number' && ` with ${count(e.fields_count, 'field')}`,
      channel.length > 0 && ' for ',
      channel,
      e.review_required === true && ', needs review',
    )
  },
  'surface.delivered': (e) => {
    const address = field(e, 'channel_address')
    const status = field(e, 'delivery_status')
    return line(
      form,
      field(e, 'surface_id'),
      ' sent by ',
      field(e, 'channel'),
      address.length > 0 && ' to ',
      address,
      status.length > 0 && ': ',
      status,
    )
  },
  'surface.updated': (e) => line(form, field(e, 'surface_id'), ' updated'),
  'surface.archived': (e) => line(form, field(e, 'surface_id'), ' archived'),
  'surface.reshaped': (e) =>
    line(form, field(e, 'surface_id'), ' reshaped from form ', field(e, 'original_surface_id')),
  // The count only: the submitted field names say what the patient disclosed.
  'surface.submitted': (e) =>
    line(
      form,
      field(e, 'surface_id'),
      ' submitted',
      e.fields_submitted && ` with ${count(e.fields_submitted.length, 'field')}`,
    ),
  'surface.field_saved': (e) =>
    line(form, field(e, 'surface_id'), ': field ', field(e, 'field_key'), ' saved'),
  'surface.opened': (e) => line(form, field(e, 'surface_id'), ' opened'),
  'surface.pending_review': (e) => line(form, field(e, 'surface_id'), ' is waiting for review'),
  'surface.review_approved': (e) => line(form, field(e, 'surface_id'), ' approved in review'),
  'surface.review_rejected': (e) => {
    const reason = field(e, 'reason')
    return line(
      form,
      field(e, 'surface_id'),
      ' rejected in review',
      reason.length > 0 && ': ',
      reason,
    )
  },
}

const voicemailWords = {
  delivered: ' delivered',
  skipped: ' skipped',
  failed: ' failed',
  not_delivered: ' not delivered',
} as const

export const channelSummaries: Summaries<TypesOf<'channel'>> = {
  'channel.email_delivered': (e) => line('Email delivered to ', field(e, 'to_address')),
  'channel.email_bounced': (e) => {
    const kind = joined(field(e, 'bounce_type'), field(e, 'bounce_subtype'))
    return line(
      'Email to ',
      field(e, 'to_address'),
      ' bounced',
      kind.length > 0 && [' (', ...kind, ')'],
    )
  },
  'channel.email_complained': (e) =>
    line('Email to ', field(e, 'to_address'), ' was marked as spam'),
  'channel.email_rejected': (e) => line('Email to ', field(e, 'to_address'), ' was rejected'),
  'channel.email_delayed': (e) => line('Email to ', field(e, 'to_address'), ' is delayed'),
  'channel.email_opened': (e) => line('Email to ', field(e, 'to_address'), ' was opened'),
  'channel.email_clicked': (e) => line('Email to ', field(e, 'to_address'), ': a link was clicked'),
  'channel.email_received': (e) =>
    line('Email received from ', field(e, 'from_address'), ': ', field(e, 'subject')),
  'channel.voicemail_status': (e) =>
    line('Voicemail to ', field(e, 'recipient_phone_number'), voicemailWords[e.status]),
}
