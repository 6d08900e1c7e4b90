import { Random } from '../random'
import type { Schedule } from '../schedule'
import { planCall, SHOWCASE_ARRIVAL_DEADLINES_MS } from './call-plan'
import { writeCall, type CallContext } from './call-script'

export interface ArrivalOptions {
  seed: number
  callsPerMinute: number
  concurrency: number
}

/**
 * Voice calls arrive as a Poisson process. At most `concurrency` are in progress; a call that
 * arrives at the cap waits and starts the moment another ends, first come first served. Waiting
 * callers are only counted: a call's content is decided when it starts, from its start order, so
 * the backlog costs no memory however long the run.
 */
export function scheduleCalls(
  schedule: Schedule,
  options: ArrivalOptions,
  context: CallContext,
): void {
  if (options.callsPerMinute <= 0) return
  const rng = Random.derive(options.seed, 'arrivals')
  const meanGapMs = 60000 / options.callsPerMinute
  let inProgress = 0
  let waiting = 0
  let started = 0
  let arrived = 0

  const start = (at: number): void => {
    const call = writeCall(planCall(options.seed, started++), at, context)
    inProgress++
    schedule.add(call.emissions)
    schedule.at(call.endedAt, (now) => {
      inProgress--
      if (waiting > 0) {
        waiting--
        start(now)
      }
    })
  }

  const arrive = (at: number): void => {
    if (inProgress < options.concurrency) start(at)
    else waiting++
    schedule.at(nextArrival(at), arrive)
  }

  const nextArrival = (previous: number): number => {
    const natural = previous + rng.exponential(meanGapMs)
    // The showcase calls are pulled forward (only ever earlier), so a slow seed still shows them.
    const deadline: number | undefined = SHOWCASE_ARRIVAL_DEADLINES_MS[arrived++]
    return Math.round(
      deadline === undefined ? natural : Math.max(previous, Math.min(natural, deadline)),
    )
  }

  schedule.at(nextArrival(0), arrive)
}
