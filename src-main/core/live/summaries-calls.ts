import { field, type Summaries, type TypesOf } from './summary-kit'
import { count, formatSeconds, line, words } from './text'

// Call, operator and text-session events: what an operator watching the floor needs to read.

const directionWords = {
  inbound: 'Inbound call',
  outbound: 'Outbound call',
  playground: 'Playground call',
  simulated: 'Simulated call',
  test: 'Test call',
} as const

const escalatedBy = { caller: 'the caller', ai: 'the agent', operator: 'an operator' } as const

const modeWords = { listen: 'listen in', takeover: 'take over' } as const

export const callSummaries: Summaries<TypesOf<'call' | 'operator' | 'text'>> = {
  'call.started': (e) => {
    const caller = field(e, 'caller_id')
    // The number is the other party: the caller of an inbound call, the callee of an outbound one.
    const preposition = e.direction === 'outbound' ? ' to ' : ' from '
    return line(
      directionWords[e.direction],
      caller.length > 0 ? [preposition, ...caller] : ' from an unknown number',
      ' to service ',
      field(e, 'service_id'),
    )
  },
  'call.ended': (e) =>
    line(
      'Call ',
      field(e, 'call_sid'),
      ` ended after ${formatSeconds(e.duration_seconds)}: ${words(e.completion_reason)}`,
      e.escalated && ' (was escalated)',
    ),
  'call.escalated': (e) =>
    line(
      'Call ',
      field(e, 'call_sid'),
      ` escalated by ${escalatedBy[e.trigger]}: `,
      field(e, 'reason'),
    ),
  'operator.registered': (e) => line('Operator ', field(e, 'operator_id'), ' registered'),
  'operator.status_changed': (e) =>
    line('Operator ', field(e, 'operator_id'), ` is now ${e.status}`),
  // Only the names of the changed fields: their values are profile data, not needed in a feed.
  'operator.profile_updated': (e) => {
    const changed = Object.keys(e.changes ?? {})
    return line(
      'Operator ',
      field(e, 'operator_id'),
      ' updated their profile',
      changed.length > 0 && `: ${changed.map(words).join(', ')}`,
    )
  },
  'operator.joined_call': (e) =>
    line(
      'Operator ',
      field(e, 'operator_id'),
      ' joined call ',
      field(e, 'call_sid'),
      ` to ${modeWords[e.mode]}`,
    ),
  'operator.mode_changed': (e) =>
    line(
      'Operator ',
      field(e, 'operator_id'),
      ` switched to ${e.mode === 'listen' ? 'listening' : 'takeover'} on call `,
      field(e, 'call_sid'),
    ),
  'operator.left_call': (e) =>
    line(
      'Operator ',
      field(e, 'operator_id'),
      ' left call ',
      field(e, 'call_sid'),
      typeof e.human_segment_turn_count === 'number' &&
        ` after ${count(e.human_segment_turn_count, 'turn')}`,
    ),
  'operator.wrap_up': (e) => {
    const reason = field(e, 'wrap_up_reason')
    return line('Call ', field(e, 'call_sid'), ' wrapped up', reason.length > 0 && ': ', reason)
  },
  'text.started': (e) =>
    line('Text session ', field(e, 'session_id'), ' started over ', field(e, 'channel_kind')),
  'text.completed': (e) => {
    const reason = field(e, 'completion_reason')
    return line(
      'Text session ',
      field(e, 'session_id'),
      ` ended after ${count(e.turn_count, 'turn')} (${formatSeconds(e.duration_seconds)}) in state `,
      field(e, 'final_state'),
      reason.length > 0 && ': ',
      reason,
    )
  },
}
