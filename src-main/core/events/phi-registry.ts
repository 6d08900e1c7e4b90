import type { z } from 'zod'
import { sensitiveKindOf, type SensitiveKind } from './fields'
import { eventTypeOf, observerEventSchemas, shapesOf, workspaceEventSchemas } from './catalog'

/** Which stream an event came from: the registry is kept per stream. */
export type EventStream = 'workspace' | 'observer'

/** Event type → its sensitive fields, each with why it is sensitive. */
export type SensitiveFieldMap = ReadonlyMap<string, ReadonlyMap<string, SensitiveKind>>

/** Event type → field names (sorted): one kind of sensitive field, or all of them. */
export type PhiFieldMap = ReadonlyMap<string, readonly string[]>

interface Derived {
  sensitive: SensitiveFieldMap
  /** Every field of each type, marked or not, to tell a catalog field from a variant name. */
  defined: ReadonlyMap<string, ReadonlySet<string>>
}

function derive(
  schemas: readonly Parameters<typeof shapesOf>[0][],
  discriminator: string,
): Derived {
  const sensitive = new Map<string, Map<string, SensitiveKind>>()
  const defined = new Map<string, Set<string>>()
  for (const schema of schemas) {
    const type = eventTypeOf(schema, discriminator)
    const fields = new Map<string, SensitiveKind>()
    const names = new Set<string>()
    // A union (`pipeline.error`) contributes the fields of every shape it accepts.
    for (const shape of shapesOf(schema)) {
      for (const [field, fieldSchema] of Object.entries<z.core.$ZodType>(shape.shape)) {
        names.add(field)
        const kind = sensitiveKindOf(fieldSchema)
        if (kind !== null) fields.set(field, kind)
      }
    }
    defined.set(type, names)
    if (fields.size > 0) {
      sensitive.set(type, new Map([...fields].sort(([a], [b]) => a.localeCompare(b))))
    }
  }
  return { sensitive, defined }
}

const workspace = derive(workspaceEventSchemas, 'event_type')
const observer = derive(observerEventSchemas, 'type')

/** Workspace event type → every field masked and redacted, with its kind. */
export const workspaceSensitiveFields: SensitiveFieldMap = workspace.sensitive

/** Observer event type → every field masked and redacted, with its kind. */
export const observerSensitiveFields: SensitiveFieldMap = observer.sensitive

function ofKind(map: SensitiveFieldMap, kind: SensitiveKind | 'any'): PhiFieldMap {
  const byType = new Map<string, string[]>()
  for (const [type, fields] of map) {
    const names = [...fields].filter(([, k]) => kind === 'any' || k === kind).map(([f]) => f)
    if (names.length > 0) byType.set(type, names)
  }
  return byType
}

/** Workspace event type → its `x-phi` fields (spec 2.7): the spec's list, nothing of ours. */
export const workspacePhiFields: PhiFieldMap = ofKind(workspaceSensitiveFields, 'x-phi')

/** Observer event type → its `x-phi` fields (spec 3.9). */
export const observerPhiFields: PhiFieldMap = ofKind(observerSensitiveFields, 'x-phi')

/** Workspace event type → the free text we mark `clinical-text`. */
export const workspaceClinicalTextFields: PhiFieldMap = ofKind(
  workspaceSensitiveFields,
  'clinical-text',
)

/** Observer event type → the free text we mark `clinical-text`. */
export const observerClinicalTextFields: PhiFieldMap = ofKind(
  observerSensitiveFields,
  'clinical-text',
)

/** Every field of a map as `type.field`, sorted: the registry in one list, for review and tests. */
export function listPhiFields(map: PhiFieldMap): string[] {
  return [...map].flatMap(([type, fields]) => fields.map((field) => `${type}.${field}`)).sort()
}

/** Every sensitive field as `type.field kind`, sorted: the whole policy, for review. */
export function listSensitiveFields(map: SensitiveFieldMap): string[] {
  return [...map]
    .flatMap(([type, fields]) => [...fields].map(([field, kind]) => `${type}.${field} ${kind}`))
    .sort()
}

/**
 * Field names that may hold PHI or clinical text in a payload whose fields cannot be looked up:
 * an event type this build does not know, or a field its type does not define. Every sensitive
 * field of the catalog, plus the documented variant names carrying the same values (spec 2.6,
 * 3.8: a raw `text` transcript, a tool's `parameters`, a `result` object, a `forward_number`) and
 * the names the REST resources use for them (spec 4.3, 4.4), which a new event type is likely
 * to reuse. Over-redacting a new type is the safe mistake.
 */
export const sensitiveFieldNames: ReadonlySet<string> = new Set([
  ...[...workspaceSensitiveFields.values()].flatMap((fields) => [...fields.keys()]),
  ...[...observerSensitiveFields.values()].flatMap((fields) => [...fields.keys()]),
  // Variants of catalog fields.
  'text',
  'tool_input',
  'parameters',
  'result',
  'forward_number',
  'caller_phone',
  'phone',
  // REST names of the same values, and REST prose about the patient.
  'user_transcript',
  'agent_transcript',
  'verified_transcript',
  'inner_thoughts',
  'forward_to',
  'entity_name',
  'email',
  'notes',
  'message',
])

/** The sensitive fields of one event type (empty for a type with none, or unknown). */
export function sensitiveFieldsOf(
  stream: EventStream,
  type: string,
): ReadonlyMap<string, SensitiveKind> {
  return (
    (stream === 'workspace' ? workspaceSensitiveFields : observerSensitiveFields).get(type) ?? NONE
  )
}

const NONE: ReadonlyMap<string, SensitiveKind> = new Map()

/**
 * Whether one field of one event must be masked, redacted and kept out of log lines. A field the
 * catalog defines for a known type: as the registry says. Anything else (an unknown type, a
 * variant name the normalizer renames, an extra field): by name, against `sensitiveFieldNames`.
 */
export function isSensitiveField(stream: EventStream, type: string, field: string): boolean {
  if (sensitiveFieldsOf(stream, type).has(field)) return true
  const defined = (stream === 'workspace' ? workspace : observer).defined.get(type)
  if (defined?.has(field) === true) return false
  return sensitiveFieldNames.has(field)
}
