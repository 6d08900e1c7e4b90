import { z } from 'zod'
import { callEvents, operatorEvents, textEvents } from './workspace/calls'
import { surfaceEvents } from './workspace/surfaces'
import { channelEvents } from './workspace/channels'
import { automationEvents, membershipEvents, pipelineEvents } from './workspace/platform'
import {
  navigationEvents,
  sessionEvents,
  toolEvents,
  transcriptEvents,
} from './observer/conversation'
import { callControlEvents, emotionEvents } from './observer/signals'

/** The 45 event types of the workspace SSE stream (spec 2.5), one schema each. */
export const workspaceEventSchemas = [
  ...callEvents,
  ...operatorEvents,
  ...textEvents,
  ...surfaceEvents,
  ...channelEvents,
  ...pipelineEvents,
  ...automationEvents,
  ...membershipEvents,
] as const

/** The 20 event types of the per-call observer WebSocket (spec 3.7), one schema each. */
export const observerEventSchemas = [
  ...sessionEvents,
  ...transcriptEvents,
  ...navigationEvents,
  ...toolEvents,
  ...emotionEvents,
  ...callControlEvents,
] as const

/** A normalized workspace event, discriminated by `event_type`. */
export type WorkspaceEvent = z.output<(typeof workspaceEventSchemas)[number]>
export type WorkspaceEventType = WorkspaceEvent['event_type']
export type WorkspaceEventOf<T extends WorkspaceEventType> = Extract<
  WorkspaceEvent,
  { event_type: T }
>

/** A normalized observer event, discriminated by `type`. */
export type ObserverEvent = z.output<(typeof observerEventSchemas)[number]>
export type ObserverEventType = ObserverEvent['type']
export type ObserverEventOf<T extends ObserverEventType> = Extract<ObserverEvent, { type: T }>

/** An event schema is an object with a literal discriminator, or a union of such shapes. */
type EventSchema = z.ZodObject | z.ZodUnion<readonly z.ZodObject[]>

/** The object shapes an event type may take (one, or the variants of a union). */
export function shapesOf(schema: EventSchema): readonly z.ZodObject[] {
  return schema instanceof z.ZodUnion ? schema.options : [schema]
}

/** The event type a schema validates, read from its discriminator literal. */
export function eventTypeOf(schema: EventSchema, discriminator: string): string {
  const [first] = shapesOf(schema)
  const literal: unknown = first?.shape[discriminator]
  if (!(literal instanceof z.ZodLiteral) || typeof literal.value !== 'string') {
    throw new Error(`event schema without a string literal "${discriminator}"`)
  }
  return literal.value
}

export const workspaceEventTypes: readonly WorkspaceEventType[] = workspaceEventSchemas.map(
  (schema) => eventTypeOf(schema, 'event_type') as WorkspaceEventType,
)

export const observerEventTypes: readonly ObserverEventType[] = observerEventSchemas.map(
  (schema) => eventTypeOf(schema, 'type') as ObserverEventType,
)
