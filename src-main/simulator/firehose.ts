import type { WorkspaceEvent } from '../core/events'
import { normalizeWorkspaceFrame, workspaceEventTypes } from '../core/events'
import { workspaceSamples } from '../core/events/testing/samples'
import type { Emission } from './scenario/types'

/** Call lifecycle events dominate a busy workspace stream; the other types weigh 1 each. */
const weights: Partial<Record<string, number>> = {
  'call.started': 12,
  'call.ended': 12,
  'operator.status_changed': 4,
  'operator.joined_call': 2,
  'call.escalated': 2,
  'surface.field_saved': 4,
}

/** Each type's sample as a typed event, validated once. */
function sampleEvents(): Map<string, WorkspaceEvent> {
  const events = new Map<string, WorkspaceEvent>()
  for (const type of workspaceEventTypes) {
    const data = JSON.stringify(workspaceSamples[type])
    const result = normalizeWorkspaceFrame({ id: null, event: type, data })
    if (result.kind !== 'event') throw new Error(`sample for ${type} does not validate`)
    events.set(type, result.event)
  }
  return events
}

/**
 * An endless, cheap workspace firehose for ingest benchmarks: one event per simulated
 * millisecond, a realistic mix of the 45 types, each call with its own SID.
 */
export function* workspaceFirehose(): Generator<Emission, never> {
  const samples = sampleEvents()
  const deck = workspaceEventTypes.flatMap((type) =>
    Array.from({ length: weights[type] ?? 1 }, () => type),
  )
  for (let index = 0; ; index++) {
    const sample = samples.get(deck[(index * 7919) % deck.length] ?? 'call.started')
    if (!sample) throw new Error('unreachable: every type has a sample')
    // A new call every few events: sessions many and small, as on a busy workspace.
    const callSid = `CA${Math.floor(index / 3)
      .toString(16)
      .padStart(32, '0')}`
    const event = 'call_sid' in sample ? { ...sample, call_sid: callSid } : sample
    yield { at: index, stream: 'workspace', event }
  }
}
