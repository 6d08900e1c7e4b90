import { Random } from '../random'
import type { Schedule } from '../schedule'
import { Script } from '../script'
import type { Episode, World } from '../world'
import {
  anyPipelineError,
  anyTriggerRun,
  narrativeBrief,
  pipelineError,
  pipelineSync,
  reviewBatch,
  simulationRun,
  triggerRun,
} from './automation'
import { anyForm, formLifecycle } from './forms'
import { anyEmail, emailJourney, textSession, voicemailDrop } from './messaging'
import { changeRole, editOperatorProfile, onboardOperator, resendInvitation } from './team'

/**
 * The opening tour: one of each kind of background episode, each starting at a random moment in
 * its window. Between them they publish every workspace event type that is not about a voice call,
 * and every episode here ends within 9 simulated minutes even when every wait is at its longest (the
 * longest, the rejected form, can take about 8.5 minutes). That, with the showcase calls, is what
 * guarantees that every event type appears in the first ten minutes of any seed.
 */
const TOUR: readonly (readonly [fromMs: number, toMs: number, episode: Episode])[] = [
  [3000, 10000, pipelineSync],
  [5000, 25000, onboardOperator],
  [10000, 40000, textSession(true)],
  [15000, 45000, emailJourney('delayed_then_read')],
  [20000, 60000, formLifecycle('approved')],
  [30000, 70000, emailJourney('read_and_replied')],
  [40000, 90000, triggerRun(false, false)],
  [60000, 110000, emailJourney('bounced')],
  [70000, 120000, emailJourney('rejected')],
  [80000, 130000, voicemailDrop],
  [90000, 150000, formLifecycle('rejected')],
  [100000, 160000, emailJourney('complained')],
  [120000, 180000, simulationRun],
  [150000, 200000, pipelineError('openapi')],
  [170000, 230000, triggerRun(true, true)],
  [200000, 260000, narrativeBrief],
  [220000, 280000, reviewBatch],
  [240000, 300000, changeRole],
  [260000, 320000, editOperatorProfile],
  [280000, 340000, pipelineError('sdk')],
  [300000, 360000, resendInvitation],
]

/** After (and alongside) the tour, each kind of activity recurs as its own Poisson process. */
const RECURRING: readonly (readonly [name: string, meanGapMs: number, episode: Episode])[] = [
  ['pipeline-sync', 45000, pipelineSync],
  ['email', 40000, anyEmail],
  ['text-session', 75000, textSession()],
  ['form', 120000, anyForm],
  ['voicemail', 150000, voicemailDrop],
  ['trigger', 150000, anyTriggerRun],
  ['narrative', 180000, narrativeBrief],
  ['review', 240000, reviewBatch],
  ['simulation', 360000, simulationRun],
  ['operator-profile', 720000, editOperatorProfile],
  ['pipeline-error', 900000, anyPipelineError],
  ['role-change', 1200000, changeRole],
  ['invitation-resent', 1500000, resendInvitation],
  ['onboarding', 1800000, onboardOperator],
]

/** Schedules the workspace's activity around the calls: the tour, then recurring episodes. */
export function scheduleBackground(schedule: Schedule, world: World): void {
  // An episode is written whole when it begins, so only what is under way is in memory.
  const play = (now: number, episode: Episode, rng: Random): void => {
    const script = new Script(now)
    episode(script, rng, world)
    schedule.add(script.emissions)
  }
  for (const [index, [fromMs, toMs, episode]] of TOUR.entries()) {
    const rng = Random.derive(world.seed, 'tour', index)
    schedule.at(Math.round(rng.between(fromMs, toMs)), (now) => {
      play(now, episode, rng)
    })
  }
  for (const [name, meanGapMs, episode] of RECURRING) {
    const rng = Random.derive(world.seed, 'background', name)
    const recur = (now: number): void => {
      play(now, episode, rng.fork(name, now))
      schedule.at(Math.round(now + rng.exponential(meanGapMs)), recur)
    }
    schedule.at(Math.round(rng.exponential(meanGapMs)), recur)
  }
}
