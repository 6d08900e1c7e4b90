import type { ObserverEvent, WorkspaceEvent } from '../../core/events'
import { generateScenario } from './index'
import type { Emission, ScenarioOptions } from './types'

// Helpers for the scenario's tests (and for tests of the servers that play it).

/** Every emission of the first `minutes` of simulated time. */
export function runFor(options: ScenarioOptions, minutes: number): Emission[] {
  const until = minutes * 60_000
  const out: Emission[] = []
  for (const emission of generateScenario(options)) {
    if (emission.at > until) break
    out.push(emission)
  }
  return out
}

/** `workspace:call.started`, `observer:agent_transcript`, … */
export function typeKey(emission: Emission): string {
  return emission.stream === 'workspace'
    ? `workspace:${emission.event.event_type}`
    : `observer:${emission.event.type}`
}

/** What one call looks like in a run: its workspace events and its observer events, in order. */
export interface CallRecord {
  callSid: string
  workspace: { at: number; event: WorkspaceEvent }[]
  observer: { at: number; event: ObserverEvent }[]
}

/** Groups a run's call-related emissions by call SID, in order of `call.started`. */
export function callsIn(emissions: readonly Emission[]): CallRecord[] {
  const calls = new Map<string, CallRecord>()
  const record = (callSid: string): CallRecord => {
    let call = calls.get(callSid)
    if (!call) {
      call = { callSid, workspace: [], observer: [] }
      calls.set(callSid, call)
    }
    return call
  }
  for (const emission of emissions) {
    if (emission.stream === 'observer') {
      record(emission.callSid).observer.push({ at: emission.at, event: emission.event })
    } else if ('call_sid' in emission.event) {
      record(emission.event.call_sid).workspace.push({ at: emission.at, event: emission.event })
    }
  }
  return [...calls.values()]
}

/** Calls whose whole life, from `call.started` to `call.ended`, lies in the run. */
export function completeCalls(emissions: readonly Emission[]): CallRecord[] {
  return callsIn(emissions).filter(
    (call) =>
      call.workspace[0]?.event.event_type === 'call.started' &&
      call.workspace.some(({ event }) => event.event_type === 'call.ended'),
  )
}
