import type { z } from 'zod'
import { phiMarks } from './fields'
import { eventTypeOf, observerEventSchemas, shapesOf, workspaceEventSchemas } from './catalog'

/** The PHI fields of one event type. */
export type PhiFieldMap = ReadonlyMap<string, readonly string[]>

function derivePhiFields(
  schemas: readonly Parameters<typeof shapesOf>[0][],
  discriminator: string,
): PhiFieldMap {
  const byType = new Map<string, string[]>()
  for (const schema of schemas) {
    const fields = new Set<string>()
    for (const shape of shapesOf(schema)) {
      for (const [field, fieldSchema] of Object.entries<z.core.$ZodType>(shape.shape)) {
        if (phiMarks.has(fieldSchema)) fields.add(field)
      }
    }
    if (fields.size > 0) byType.set(eventTypeOf(schema, discriminator), [...fields].sort())
  }
  return byType
}

/** Workspace event type → its `x-phi` fields (spec 2.7). */
export const workspacePhiFields: PhiFieldMap = derivePhiFields(workspaceEventSchemas, 'event_type')

/** Observer event type → its `x-phi` fields (spec 3.9). */
export const observerPhiFields: PhiFieldMap = derivePhiFields(observerEventSchemas, 'type')

/** Every PHI field as `type.field`, sorted: the registry in one list, for review and tests. */
export function listPhiFields(map: PhiFieldMap): string[] {
  return [...map].flatMap(([type, fields]) => fields.map((field) => `${type}.${field}`)).sort()
}
