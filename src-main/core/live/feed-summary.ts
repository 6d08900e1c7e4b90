import { eventCategories, type EventCategory, type FeedItem, type Text } from '../../api/live'
import type { WorkspaceEvent, WorkspaceEventType } from '../events'
import type { RecordedEvent } from '../records'
import { callSummaries } from './summaries-calls'
import { platformSummaries } from './summaries-platform'
import { channelSummaries, surfaceSummaries } from './summaries-surfaces'
import type { Summaries, SummaryOf } from './summary-kit'

/** Every workspace event type has a summary: a type added to the catalog fails to compile here. */
const summaries: Summaries<WorkspaceEventType> = {
  ...callSummaries,
  ...surfaceSummaries,
  ...channelSummaries,
  ...platformSummaries,
}

/** The one-line summary of a known workspace event. */
export function summarize(event: WorkspaceEvent): Text {
  // Each entry takes its own event type; the table's keys guarantee they match.
  const summary = summaries[event.event_type] as SummaryOf<WorkspaceEventType>
  return summary(event)
}

const prefixes: ReadonlySet<string> = new Set(eventCategories.filter((c) => c !== 'other'))

function isCategory(prefix: string): prefix is EventCategory {
  return prefixes.has(prefix)
}

/** The feed category of an event type: its prefix, or 'other' (self_image.*, unknown prefixes). */
export function categoryOf(type: string): EventCategory {
  const dot = type.indexOf('.')
  const prefix = dot > 0 ? type.slice(0, dot) : ''
  return isCategory(prefix) ? prefix : 'other'
}

// Epoch milliseconds between 2001 and 2286: SSE ids the platform mints from its clock.
const MIN_EPOCH_MS = 1e12
const MAX_EPOCH_MS = 1e13

/** When the platform sent a frame, if its SSE id is a millisecond timestamp (spec 2.3). */
export function sentAtOf(sseId: string | null): number | null {
  if (sseId === null || !/^\d{13}$/.test(sseId)) return null
  const ms = Number(sseId)
  return ms >= MIN_EPOCH_MS && ms < MAX_EPOCH_MS ? ms : null
}

/** A workspace event as a feed line; null for observer events, which are not in the feed. */
export function feedItemOf(record: RecordedEvent, id: number): FeedItem | null {
  if (record.source !== 'workspace') return null
  const common = {
    id,
    type: record.type,
    category: categoryOf(record.type),
    callSid: record.callSid,
    sentAt: sentAtOf(record.sseId),
    receivedAt: record.receivedAt,
  }
  if (!record.known) return { ...common, known: false, summary: [], raw: record.raw }
  return { ...common, known: true, summary: summarize(record.payload), raw: null }
}
