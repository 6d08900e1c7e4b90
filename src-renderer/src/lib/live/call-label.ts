import type { LiveCall, Text } from '../../../../src-main/api'
import { humanize } from './format'

/** A text as words for a screen reader, with every masked value said to be hidden. */
export function spokenText(text: Text, hidden: string): string {
  return text
    .map((part) => (typeof part === 'string' ? part : hidden))
    .join('')
    .trim()
}

/**
 * A call card's accessible name: what the call is, never a masked value. "Inbound call, caller
 * hidden, Appointment scheduling, collecting symptoms, Needs a human".
 */
export function callLabel(
  call: Pick<LiveCall, 'direction' | 'caller' | 'serviceId' | 'state'>,
  facts: { serviceName: string | null; badge: string | null; stale: boolean },
): string {
  const direction = humanize(call.direction)
  const caller = call.caller.some((part) => typeof part !== 'string')
    ? 'caller hidden'
    : spokenText(call.caller, '') || 'unknown caller'
  const service = facts.serviceName ?? (call.serviceId === null ? 'no service' : 'service unnamed')
  const state = call.state === null ? 'starting' : humanize(call.state)
  return [
    `${direction.charAt(0).toUpperCase()}${direction.slice(1)} call`,
    caller,
    service,
    state,
    facts.badge,
    facts.stale ? 'not live, may have ended' : null,
  ]
    .filter((piece): piece is string => piece !== null && piece !== '')
    .join(', ')
}
