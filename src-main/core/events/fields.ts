import { z } from 'zod'

/**
 * Why a field is masked on screen and redacted in exports. `x-phi`: the spec tags it (spec 2.7,
 * 3.9, 4.3, 4.4). `clinical-text`: ours, for what the spec leaves untagged but that can carry
 * health information or identify a person: free text written about a patient (a reason, a note,
 * a subject line, an error quoting a record) and free-form values such as names.
 */
export type SensitiveKind = 'x-phi' | 'clinical-text'

/**
 * The marks, by schema instance. A field is marked once, where it is defined, by wrapping its
 * schema in `phi()` or `clinicalText()`; the registry (phi-registry.ts) and every redaction are
 * derived from these marks, so masking and exports cannot drift from the catalog. A mark belongs
 * to the instance: wrap a schema built for that field, not one shared with unmarked fields.
 */
export const sensitiveMarks = z.registry<{ kind: SensitiveKind }>()

function mark<T extends z.ZodType>(schema: T, kind: SensitiveKind): T {
  const existing = sensitiveMarks.get(schema)?.kind
  // One field, one reason: a second, different mark is a mistake in the catalog.
  if (existing !== undefined && existing !== kind) {
    throw new Error(`a field marked ${existing} cannot also be marked ${kind}`)
  }
  sensitiveMarks.add(schema, { kind })
  return schema
}

/** Marks a field the spec tags `x-phi`. */
export function phi<T extends z.ZodType>(schema: T): T {
  return mark(schema, 'x-phi')
}

/**
 * Marks a field the spec leaves untagged that can carry clinical content or identify someone
 * (see `SensitiveKind`): masked and redacted exactly like `phi`, but listed apart, so the spec's
 * own list stays checkable.
 */
export function clinicalText<T extends z.ZodType>(schema: T): T {
  return mark(schema, 'clinical-text')
}

/** Wrappers that change presence or defaults, not what a value is. */
const MAX_WRAPPERS = 16

/**
 * The mark of a field's schema, looking through `optional`, `nullable`, `default`, `catch` and
 * the like, so `phi(z.string()).nullish()` counts as much as `phi(z.string().nullish())`.
 */
export function sensitiveKindOf(schema: z.core.$ZodType): SensitiveKind | null {
  let current: z.core.$ZodType | undefined = schema
  for (let i = 0; current !== undefined && i < MAX_WRAPPERS; i++) {
    const kind = sensitiveMarks.get(current)?.kind
    if (kind !== undefined) return kind
    current = innerOf(current)
  }
  return null
}

/** The schema a wrapper wraps; undefined for anything else. */
export function innerOf(schema: z.core.$ZodType): z.core.$ZodType | undefined {
  if (
    schema instanceof z.core.$ZodOptional ||
    schema instanceof z.core.$ZodNullable ||
    schema instanceof z.core.$ZodDefault ||
    schema instanceof z.core.$ZodPrefault ||
    schema instanceof z.core.$ZodNonOptional ||
    schema instanceof z.core.$ZodReadonly ||
    schema instanceof z.core.$ZodCatch
  ) {
    return schema._zod.def.innerType
  }
  if (schema instanceof z.core.$ZodLazy) return schema._zod.def.getter()
  return undefined
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
