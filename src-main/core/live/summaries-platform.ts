import { field, type Summaries, type TypesOf } from './summary-kit'
import { count, formatMillis, line } from './text'

// Data pipelines, automations, reviews, encounters, simulations, narratives and membership.

type PlatformTypes = TypesOf<
  'pipeline' | 'trigger' | 'review' | 'encounter' | 'simulation' | 'self_image' | 'workspace'
>

const reviewWords = {
  approve: 'approved',
  reject: 'rejected',
  correct: 'corrected',
  batch_approve: 'approved in bulk',
  batch_reject: 'rejected in bulk',
} as const

export const platformSummaries: Summaries<PlatformTypes> = {
  'pipeline.sync_completed': (e) =>
    line(
      'Data source ',
      field(e, 'data_source_id'),
      ` synced ${count(e.event_count, 'event')} in ${formatMillis(e.duration_ms)}`,
    ),
  // Two shapes are on the wire (see the catalog); both say what failed and why.
  'pipeline.error': (e) => {
    if ('error' in e)
      return line('Data source ', field(e, 'data_source_id'), ' failed: ', field(e, 'error'))
    const code = field(e, 'error_code')
    return line(
      'Pipeline ',
      field(e, 'pipeline_name'),
      ' failed: ',
      field(e, 'error_message'),
      code.length > 0 && [' (', ...code, ')'],
    )
  },
  'trigger.fired': (e) =>
    line('Trigger ', field(e, 'trigger_name'), e.manual ? ' started by hand' : ' fired'),
  'trigger.completed': (e) =>
    line('Trigger ', field(e, 'trigger_name'), ' finished: ', field(e, 'status')),
  // The status usually repeats "failed"; it is shown only when it says more.
  'trigger.failed': (e) =>
    line(
      'Trigger ',
      field(e, 'trigger_name'),
      ' failed',
      e.status !== 'failed' && [': ', ...field(e, 'status')],
    ),
  'review.submitted': (e) => {
    const entityType = field(e, 'entity_type')
    const entity = field(e, 'entity_id')
    return line(
      `Review ${reviewWords[e.action]}`,
      entityType.length > 0 && ' ',
      entityType,
      entity.length > 0 && ' ',
      entity,
      typeof e.count === 'number' && e.count > 1 && ` (${count(e.count, 'item')})`,
    )
  },
  'encounter.updated': (e) =>
    line(
      'Encounter ',
      field(e, 'encounter_entity_id'),
      ' updated in session ',
      field(e, 'session_id'),
    ),
  'simulation.turn_stored': (e) =>
    line(
      'Simulation ',
      field(e, 'run_id'),
      `, turn ${e.turn_index}: `,
      field(e, 'state_before'),
      ' → ',
      field(e, 'state_after'),
      e.is_terminal && ' (last turn)',
    ),
  'self_image.brief_generated': (e) =>
    line(
      'Brief generated for ',
      field(e, 'target_entity_type'),
      ' ',
      field(e, 'target_entity_id'),
      ` from ${count(e.event_count, 'event')}`,
    ),
  'workspace.member_added': (e) =>
    line('Member ', field(e, 'entity_id'), ' added as ', field(e, 'role')),
  'workspace.member_role_updated': (e) =>
    line(
      'Member ',
      field(e, 'entity_id'),
      ' changed from ',
      field(e, 'previous_role'),
      ' to ',
      field(e, 'role'),
    ),
  'workspace.invitation_sent': (e) =>
    line(
      'Invitation ',
      field(e, 'invitation_id'),
      e.resent ? ' resent' : ' sent',
      ' for role ',
      field(e, 'role'),
    ),
  'workspace.invitation_accepted': (e) =>
    line('Member ', field(e, 'entity_id'), ' accepted an invitation as ', field(e, 'role')),
}
