import type { ObserverEvent, WorkspaceEvent } from '../../core/events'
import type { Emission } from './types'

/**
 * A straight-line piece of the scenario written in order with a time cursor: "wait 2.4 s, publish
 * this, wait 300 ms, send that". A call, a form's lifecycle and an email's journey are each one
 * script; the schedule interleaves them. Times are whole milliseconds of simulated time.
 */
export class Script {
  readonly emissions: Emission[] = []
  private cursor: number

  constructor(start: number) {
    this.cursor = Math.round(start)
  }

  get now(): number {
    return this.cursor
  }

  /** Moves the cursor forward by `ms` (rounded to whole milliseconds; never backwards). */
  wait(ms: number): this {
    this.cursor += Math.max(0, Math.round(ms))
    return this
  }

  /** Moves the cursor to `at` if that is later than now. */
  waitUntil(at: number): this {
    this.cursor = Math.max(this.cursor, Math.round(at))
    return this
  }

  workspace(event: WorkspaceEvent): this {
    this.emissions.push({ at: this.cursor, stream: 'workspace', event })
    return this
  }

  observer(callSid: string, event: ObserverEvent): this {
    this.emissions.push({ at: this.cursor, stream: 'observer', callSid, event })
    return this
  }
}
