import { PriorityQueue } from './priority-queue'
import type { Emission } from './types'

type Entry =
  | { at: number; seq: number; kind: 'emission'; emission: Emission }
  | { at: number; seq: number; kind: 'task'; run: (now: number) => void }

/**
 * A discrete-event schedule that turns many small scripts into one ordered run, lazily.
 *
 * It holds emissions and tasks ordered by time; entries at the same time keep the order they were
 * added in, so a script's own order survives. A task runs when the clock reaches it and may add
 * more emissions and tasks, never earlier than its own time. That is how the scenario stays lazy:
 * a call's script is written only when the call starts, a background episode only when it begins,
 * and the next call arrival is scheduled by the previous one, so only what lies a few minutes ahead
 * is ever in memory.
 */
export class Schedule {
  private readonly queue = new PriorityQueue<Entry>(
    (a, b) => a.at < b.at || (a.at === b.at && a.seq < b.seq),
  )
  private seq = 0
  private now = 0

  add(emissions: Iterable<Emission>): void {
    for (const emission of emissions) {
      this.checkNotPast(emission.at)
      this.queue.push({ at: emission.at, seq: this.seq++, kind: 'emission', emission })
    }
  }

  /** Runs `task` when the clock reaches `at` (after everything already added for that time). */
  at(at: number, task: (now: number) => void): void {
    this.checkNotPast(at)
    this.queue.push({ at, seq: this.seq++, kind: 'task', run: task })
  }

  /** Every emission in time order. Never ends: the scenario's arrival processes reschedule forever. */
  *run(): Generator<Emission, never> {
    for (;;) {
      const entry = this.queue.pop()
      if (entry === undefined) throw new Error('the scenario schedule ran dry')
      this.now = entry.at
      if (entry.kind === 'task') entry.run(entry.at)
      else yield entry.emission
    }
  }

  private checkNotPast(at: number): void {
    if (!Number.isFinite(at) || at < this.now) {
      throw new Error(`scheduled at ${at} ms, before the schedule's clock (${this.now} ms)`)
    }
  }
}
