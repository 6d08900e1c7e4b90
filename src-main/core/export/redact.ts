import { redactByName, REDACTED, sensitiveFieldsOf, type EventStream } from '../events'

export { REDACTED }

/**
 * A copy of an event's payload with its PHI and clinical text replaced by `"[REDACTED]"`, from
 * the one registry the screen masks by too. A known event loses every field the registry lists
 * for its type, of either kind (a normalized payload has no other fields). An unknown one cannot
 * be looked up, so every field whose name is sensitive anywhere in the catalog (or a documented
 * variant of one) is redacted, at any depth: over-redacting a new event type is the safe mistake.
 */
export function redactPhi(
  source: EventStream,
  type: string,
  known: boolean,
  payload: Record<string, unknown>,
): Record<string, unknown> {
  if (!known) return redactByName(payload)
  const fields = sensitiveFieldsOf(source, type)
  if (fields.size === 0) return payload
  const copy = { ...payload }
  for (const field of fields.keys()) {
    if (copy[field] !== undefined && copy[field] !== null) copy[field] = REDACTED
  }
  return copy
}
