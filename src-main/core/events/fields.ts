import { z } from 'zod'

/**
 * Every field the spec tags `x-phi`. A field is marked once, where its event is defined, by
 * wrapping its schema in `phi()`; the PHI registry (phi-registry.ts) is derived from these marks,
 * so the list that redaction and masking use cannot drift from the catalog.
 */
export const phiMarks = z.registry<{ phi: true }>()

export function phi<T extends z.ZodType>(schema: T): T {
  phiMarks.add(schema, { phi: true })
  return schema
}

/**
 * The spec types many ids as `string (uuid)`. The platform is the authority on its own ids, so an
 * id that is not a canonical UUID is accepted rather than sending a real event to quarantine.
 */
export function id() {
  return z.string()
}

export const callDirection = z.enum(['inbound', 'outbound', 'playground', 'simulated', 'test'])

export const completionReason = z.enum([
  'completed',
  'abandoned',
  'escalated',
  'transferred',
  'timeout',
  'error',
  'voicemail',
  'no_answer',
  'caller_hangup',
  'forwarded',
  'terminal_state',
  'warm_transfer_completed',
  'no_inbound_audio',
  'cancelled',
])

export const operatorMode = z.enum(['listen', 'takeover'])
export const operatorStatus = z.enum(['online', 'busy', 'offline'])
export const fillerType = z.enum(['empathy', 'receipt', 'working'])
export const participantRole = z.enum(['caller', 'agent', 'operator'])

/**
 * A workspace event schema: the payload fields plus the `event_type` discriminator, which the
 * server moves to the SSE `event:` line and the normalizer puts back.
 */
export function workspaceEvent<const T extends string, const S extends z.ZodRawShape>(
  type: T,
  shape: S,
) {
  return z.object({ event_type: z.literal(type), ...shape })
}

/** An observer event schema: the payload fields plus the `type` discriminator. */
export function observerEvent<const T extends string, const S extends z.ZodRawShape>(
  type: T,
  shape: S,
) {
  return z.object({ type: z.literal(type), ...shape })
}
