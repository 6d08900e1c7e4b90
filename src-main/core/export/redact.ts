import { observerPhiFields, workspacePhiFields } from '../events'

export const REDACTED = '[REDACTED]'

/**
 * Field names that hold PHI in some event: every `x-phi` field of the catalog, plus the
 * documented variant names that carry the same values (a raw `text` transcript, a tool's
 * `parameters`). Used for events this build does not know, whose fields cannot be looked up.
 */
const phiFieldNames: ReadonlySet<string> = new Set([
  ...[...workspacePhiFields.values()].flat(),
  ...[...observerPhiFields.values()].flat(),
  'text',
  'tool_input',
  'parameters',
  'result',
  'forward_number',
  'caller_phone',
  'phone',
])

function redactFields(
  object: Record<string, unknown>,
  fields: Iterable<string>,
): Record<string, unknown> {
  const copy = { ...object }
  for (const field of fields) {
    if (copy[field] !== undefined && copy[field] !== null) copy[field] = REDACTED
  }
  return copy
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * A copy of an event's payload with its PHI replaced by `"[REDACTED]"`. A known event loses
 * exactly its registry fields. An unknown one cannot be looked up, so every field whose name
 * holds PHI anywhere in the catalog is redacted, in the payload and in a nested `data` object:
 * over-redacting a new event type is the safe mistake.
 */
export function redactPhi(
  source: 'workspace' | 'observer',
  type: string,
  known: boolean,
  payload: Record<string, unknown>,
): Record<string, unknown> {
  if (known) {
    const fields = (source === 'workspace' ? workspacePhiFields : observerPhiFields).get(type)
    return fields ? redactFields(payload, fields) : payload
  }
  const redacted = redactFields(payload, phiFieldNames)
  if (isRecord(payload.data)) redacted.data = redactFields(payload.data, phiFieldNames)
  return redacted
}
