import type { Text } from '../../api/live'
import type { ObserverEvent, WorkspaceEvent, WorkspaceEventOf, WorkspaceEventType } from '../events'
import { fieldText, type TextKeys } from './text'

/** The one-line summary of one workspace event type. */
export type SummaryOf<T extends WorkspaceEventType> = (event: WorkspaceEventOf<T>) => Text

/**
 * Summaries for a set of event types. A mapped type rather than a `Record`, so that each
 * function gets its own event type and a type missing from the table is a compile error.
 */
export type Summaries<T extends WorkspaceEventType> = { [K in T]: SummaryOf<K> }

/** Event types by their prefix ("call.started" is in `TypesOf<'call'>`). */
export type TypesOf<P extends string> = Extract<WorkspaceEventType, `${P}.${string}`>

/** A field of a workspace event as display text, masked when the registry says it is sensitive. */
export function field<E extends WorkspaceEvent>(event: E, name: TextKeys<E>): Text {
  return fieldText('workspace', event.event_type, event, name)
}

/**
 * A field of an observer event as display text, masked by the same registry: whatever the live
 * views show of a call (a caller's number, a voice profile's reasoning) goes through here.
 */
export function observerField<E extends ObserverEvent>(event: E, name: TextKeys<E>): Text {
  return fieldText('observer', event.type, event, name)
}
