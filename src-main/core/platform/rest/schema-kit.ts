import { z } from 'zod'
import { redactLike } from '../../events'
import { callDirection, completionReason as eventCompletionReason } from '../../events/fields'

// Building blocks for the REST schemas (spec 4.3 to 4.5). The event catalog is strict, because a
// frame that does not validate is kept raw in quarantine; a REST reply has no quarantine, so a
// value it did not expect must not cost the whole reply (a backfill would then recover nothing).

/**
 * An enum the platform may extend: the documented values are kept in the type, and any other
 * string is accepted as it came rather than rejecting the reply around it.
 */
export function openEnum<const T extends string>(values: readonly T[]) {
  const known = z.enum(values as [T, ...T[]])
  return z.union([known, z.string()]) as unknown as z.ZodType<T | (string & {})>
}

/**
 * A list whose items are read one by one: an item that does not validate is dropped (and
 * counted by `unreadableItems`) instead of failing the reply it is part of.
 */
export function lenientList<T extends z.ZodType>(item: T) {
  const list = z.array(z.unknown()).transform((values) => {
    const items: z.output<T>[] = []
    let unreadable = 0
    for (const value of values) {
      const parsed = item.safeParse(value)
      if (parsed.success) items.push(parsed.data)
      else unreadable++
    }
    return unreadable === 0 ? items : Object.assign(items, { [UNREADABLE]: unreadable })
  })
  // The transform hides the item schema from redaction, which must see its marks.
  return redactLike(list, z.array(item))
}

const UNREADABLE = Symbol('unreadable items')

/** How many items `lenientList` dropped from this list (0 for any other array). */
export function unreadableItems(list: readonly unknown[]): number {
  return (list as { [UNREADABLE]?: number })[UNREADABLE] ?? 0
}

/** An object the spec names but does not define (`AuditSummary`, `SafetyState`…): kept as sent. */
export const opaqueObject = z.record(z.string(), z.unknown())

/** `PaginatedResponse[T]` (spec 4): `continuation_token` is an integer offset. */
export function paginated<T extends z.ZodType>(item: T) {
  return z.object({
    items: lenientList(item),
    has_more: z.boolean(),
    continuation_token: z.int().nullish(),
    total: z.int().nullish(),
  })
}

// The enums the event catalog defines too, from the same lists.
export const direction = openEnum(callDirection.options)
export const completionReason = openEnum(eventCompletionReason.options)

export const escalationStatus = openEnum([
  'none',
  'requested',
  'connected',
  'handback',
  'completed',
])
export const operatorMode = openEnum(['listen', 'takeover'])
export const operatorKind = openEnum(['clinical', 'administrative', 'crisis_counselor'])
export const operatorRole = openEnum(['operator', 'supervisor', 'admin'])
export const operatorStatus = openEnum(['online', 'busy', 'offline'])
export const connectionMethod = openEnum(['browser', 'phone'])
