import { SERVICE_DIALOGUES } from '../dialogue'
import type { DirectionScript, EscalationScene, ServiceDialogue } from '../dialogue'
import { callSid, traceId } from '../ids'
import { invent, type Person } from '../people'
import { Random } from '../random'
import type { MoodArc } from './affect'

/** How a call ends up. Each maps onto a `call.ended` completion reason. */
export type Outcome =
  'completed' | 'escalated' | 'forwarded' | 'abandoned' | 'caller_hangup' | 'voicemail'

export interface EscalationPlan {
  scene: EscalationScene
  /** Before which task exchange the caller raises it. */
  beforeTask: number
  /** The operator hands the call back to the agent (switching to listen) rather than ending it. */
  handBack: boolean
}

/** Everything decided about a call before it is written: who calls, about what, how it goes. */
export interface CallPlan {
  /** The call's own random stream: everything about the call is drawn from it. */
  rng: Random
  callSid: string
  sessionId: string
  traceId: string
  dialogue: ServiceDialogue
  direction: 'inbound' | 'outbound'
  script: DirectionScript
  voicemail: readonly string[]
  person: Person
  facts: Record<string, string>
  outcome: Outcome
  escalation?: EscalationPlan
  forwardConnects: boolean
  /** For 'caller_hangup': after how many exchanges the caller hangs up. */
  hangUpAfter: number
  arc: MoodArc
  /** The exchange whose reply the caller interrupts, if any (one of the first three). */
  bargeInAt: number | undefined
  voiceProfileAtStart: boolean
  /**
   * 'random': each tool call fails now and then (and is retried once). The showcase calls must
   * reach their escalation or forward, which two failures in a row would prevent: in the first,
   * only the first tool call fails ('first_only'); in the second, none does ('never').
   */
  toolFailures: 'random' | 'first_only' | 'never'
}

/**
 * The first two calls of every run are showcases, so that a run shows the rare things early
 * whatever its seed: call 0 escalates (an operator takes over, then hands back in listen mode), has
 * a barge-in, a failing tool and voice-context changes; call 1 is forwarded.
 */
/** By when each showcase call has arrived, whatever the arrival process drew: one per showcase. */
export const SHOWCASE_ARRIVAL_DEADLINES_MS: readonly number[] = [4000, 45000]

const SHOWCASE_CALLS = SHOWCASE_ARRIVAL_DEADLINES_MS.length

const INBOUND_OUTCOMES: readonly (readonly [Outcome, number])[] = [
  ['completed', 62],
  ['escalated', 17],
  ['forwarded', 10],
  ['caller_hangup', 6],
  ['abandoned', 5],
]

const OUTBOUND_OUTCOMES: readonly (readonly [Outcome, number])[] = [
  ['completed', 67],
  ['voicemail', 20],
  ['escalated', 8],
  ['caller_hangup', 5],
]

/** Plans the `index`-th call to start in the run of `seed`. */
export function planCall(seed: number, index: number): CallPlan {
  const rng = Random.derive(seed, 'call', index)
  const showcase = index < SHOWCASE_CALLS ? index : undefined
  const dialogue = rng.weighted(SERVICE_DIALOGUES.map((d) => [d, d.weight] as const))
  const outbound = showcase === undefined && dialogue.outbound !== undefined && rng.chance(0.2)
  const script = (outbound ? dialogue.outbound : undefined) ?? dialogue.inbound
  const outcome =
    showcase === 0
      ? 'escalated'
      : showcase === 1
        ? 'forwarded'
        : rng.weighted(outbound ? OUTBOUND_OUTCOMES : INBOUND_OUTCOMES)
  const person = invent(rng)
  const escalation =
    outcome === 'escalated' ? planEscalation(rng, dialogue, script, showcase) : undefined
  const arc: MoodArc =
    showcase === 0 || escalation?.scene.trigger === 'caller'
      ? 'deteriorating'
      : rng.weighted([
          ['improving', 3],
          ['stable', 5],
          ['deteriorating', 2],
        ])
  return {
    rng,
    callSid: callSid(rng),
    sessionId: rng.uuid(),
    traceId: traceId(rng),
    dialogue,
    direction: outbound ? 'outbound' : 'inbound',
    script,
    voicemail: dialogue.outbound?.voicemail ?? [],
    person,
    facts: dialogue.facts(rng, person),
    outcome,
    ...(escalation === undefined ? {} : { escalation }),
    forwardConnects: showcase === 1 || rng.chance(0.8),
    hangUpAfter: rng.int(1, 4),
    arc,
    bargeInAt: showcase === 0 || rng.chance(0.2) ? rng.int(0, 2) : undefined,
    voiceProfileAtStart: showcase === 0 || rng.chance(0.25),
    toolFailures: showcase === 0 ? 'first_only' : showcase === 1 ? 'never' : 'random',
  }
}

function planEscalation(
  rng: Random,
  dialogue: ServiceDialogue,
  script: DirectionScript,
  showcase: number | undefined,
): EscalationPlan {
  // Raised at the latest before the exchange that moves to confirmation: the operator does the work.
  const confirming = script.task.findIndex((exchange) => exchange.to === 'confirmation')
  return {
    scene: rng.pick(dialogue.escalations),
    beforeTask: rng.int(0, Math.max(0, confirming)),
    handBack: showcase === 0 || rng.chance(0.6),
  }
}
