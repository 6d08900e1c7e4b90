import { scheduleBackground } from './background'
import { scheduleCalls } from './calls/arrivals'
import { OperatorDesk } from './calls/operators'
import { Schedule } from './schedule'
import type { Emission, ScenarioOptions } from './types'
import { DEFAULT_EPOCH_MS, DEFAULT_WORKSPACE_ID, type World } from './world'

/** Calls last about 90 s: at 4 a minute the live board fills and empties, short of the cap. */
export const DEFAULT_CALLS_PER_MINUTE = 4
export const DEFAULT_CONCURRENCY = 8

/**
 * The demo platform's activity for a seed, as an endless, lazily generated sequence of emissions
 * in non-decreasing simulated time: voice calls (each a workspace `call.started`, its observer
 * events and a `call.ended`, with escalations, operators and forwards along the way) and the
 * workspace's background activity (text sessions, forms, email, pipelines, triggers, reviews,
 * simulations, narrative briefs, operators and members). Every one of the 45 workspace and 19 of
 * the 20 observer event types appears within the first ten simulated minutes of a default run;
 * the 20th, `session_info`, is the server's to send when an observer connects.
 */
export function* generateScenario(options: ScenarioOptions): Generator<Emission, never> {
  const {
    seed,
    callsPerMinute = DEFAULT_CALLS_PER_MINUTE,
    concurrency = DEFAULT_CONCURRENCY,
    workspaceId = DEFAULT_WORKSPACE_ID,
    epochMs = DEFAULT_EPOCH_MS,
  } = options
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, not ${seed}`)
  if (!Number.isFinite(callsPerMinute) || callsPerMinute < 0) {
    throw new RangeError(`callsPerMinute must be a finite number ≥ 0, not ${callsPerMinute}`)
  }
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`concurrency must be a whole number ≥ 1, not ${concurrency}`)
  }
  const world: World = { seed, workspaceId, epochMs }
  const schedule = new Schedule()
  scheduleBackground(schedule, world)
  scheduleCalls(
    schedule,
    { seed, callsPerMinute, concurrency },
    { workspaceId, operators: new OperatorDesk() },
  )
  return yield* schedule.run()
}

export { OPERATORS, type Operator } from './calls/operators'
export { SERVICES, type ServiceInfo } from './dialogue'
export type { Emission, ScenarioOptions } from './types'
export { DEFAULT_EPOCH_MS, DEFAULT_WORKSPACE_ID } from './world'
