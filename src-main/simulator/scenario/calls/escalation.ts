import type { ObserverEventOf } from '../../../core/events'
import { holdLines, noOperatorFree } from '../dialogue'
import type { EscalationScene } from '../dialogue'
import { callSid, conferenceSid, prefixedUlid } from '../ids'
import type { Conversation } from './conversation'
import type { Operator, OperatorDesk } from './operators'

export type EscalationResult =
  /** The operator finished the call. */
  | { kind: 'operator_ended'; wrapUp: WrapUp }
  /** The operator switched to listen mode, then left; the agent carries on. */
  | { kind: 'handed_back'; wrapUp: WrapUp }
  /** Every operator was busy; the agent promised a call back and carries on. */
  | { kind: 'no_operator' }

/** What the operator still owes after the call: the wrap-up, then coming back online. */
export interface WrapUp {
  operator: Operator
  reason: string
}

type Participant = ObserverEventOf<'participant_left'>

/**
 * The caller's problem needs a person: `call.escalated`, the agent's hand-off line, a hold, an
 * operator joining in takeover mode (the agent muted), their conversation with the caller, and
 * then either a hand-back (listen mode, the agent unmuted and resuming, the operator leaving) or
 * the operator's goodbye.
 */
export function escalate(
  call: Conversation,
  scene: EscalationScene,
  handBack: boolean,
  operators: OperatorDesk,
): EscalationResult {
  const { writer, rng, affect, plan } = call
  // Whatever leads to an escalation (a grievance, a worrying symptom) weighs on the caller.
  affect.nudge(scene.trigger === 'caller' ? -0.15 : -0.1)
  call.callerSays(call.line(scene.caller))
  call.classifyEmpathy(false, false)
  const operator = operators.claim(scene.skill, writer.now)
  if (!operator) {
    writer.navigate(undefined)
    writer.reply(call.line(noOperatorFree), { action: 'offer_callback' })
    return { kind: 'no_operator' }
  }
  call.facts.operator_first = operator.first
  writer.navigate('operator_handoff', 'reply', 'escalate')
  writer.publish({
    event_type: 'call.escalated',
    call_sid: plan.callSid,
    escalation_id: prefixedUlid(rng, 'esc'),
    reason: scene.reason,
    trigger: scene.trigger,
  })
  writer.reply(call.line(scene.agent), { action: 'escalate' })
  const holdMs = rng.between(6000, 28000)
  if (holdMs > 15000) {
    writer.wait(12000).reply(call.line(holdLines), { action: 'hold_message' })
    writer.wait(holdMs - 12000)
  } else {
    writer.wait(holdMs)
  }
  const participant = join(call, operator)
  // Having a person on the line is itself a relief; the mood improves from here.
  affect.nudge(0.2)
  affect.setArc('improving')
  let operatorTurns = 0
  const operatorSays = (lines: readonly string[]): void => {
    writer.speak('operator', operator.id, call.line(lines))
    operatorTurns++
  }
  for (const [speaker, lines] of scene.conversation) {
    if (speaker === 'operator') operatorSays(lines)
    else call.callerSays(call.line(lines))
  }
  const wrapUp = { operator, reason: rng.pick(scene.wrapUpReasons) }
  if (!handBack) {
    operatorSays(scene.operatorGoodbye)
    call.callerSays(rng.pick(['Bye, thank you.', 'Thanks again. Bye.', 'Okay, bye-bye.']))
    leave(call, operator, participant, operatorTurns)
    return { kind: 'operator_ended', wrapUp }
  }
  operatorSays(scene.handBack)
  writer.wait(rng.between(300, 900)).publish({
    event_type: 'operator.mode_changed',
    call_sid: plan.callSid,
    mode: 'listen',
    operator_id: operator.id,
  })
  writer.observe({ type: 'speaker_muted', muted: false })
  writer.navigate('confirmation', 'reply', 'resume')
  writer.reply(call.line(scene.agentResumes), { action: 'resume_after_operator' })
  writer.wait(rng.between(1000, 4000))
  leave(call, operator, participant, operatorTurns)
  return { kind: 'handed_back', wrapUp }
}

/** After the call, the operator files the wrap-up and is available again. */
export function fileWrapUp(call: Conversation, wrapUp: WrapUp, operators: OperatorDesk): void {
  const { writer, rng } = call
  writer.wait(rng.between(20000, 75000)).publish({
    event_type: 'operator.wrap_up',
    call_sid: call.plan.callSid,
    wrap_up_reason: wrapUp.reason,
  })
  writer.wait(rng.between(1000, 4000)).publish({
    event_type: 'operator.status_changed',
    operator_id: wrapUp.operator.id,
    status: 'online',
  })
  operators.release(wrapUp.operator, writer.now)
}

/** The operator joins the call's conference in takeover mode: the agent's voice is muted. */
function join(call: Conversation, operator: Operator): Participant {
  const { writer, rng } = call
  const participant = {
    conference_sid: conferenceSid(rng),
    // The operator's own leg of the conference is a call too.
    participant_id: callSid(rng),
    participant_role: 'operator',
    display_name: operator.displayName,
    phone_number: operator.phone,
    operator_entity_id: operator.id,
  } as const
  writer.publish({
    event_type: 'operator.joined_call',
    call_sid: call.plan.callSid,
    mode: 'takeover',
    operator_id: operator.id,
  })
  writer.wait(rng.between(150, 600)).observe({
    type: 'participant_joined',
    ...participant,
    participant_name: operator.displayName,
  })
  writer.wait(rng.between(80, 250)).observe({ type: 'speaker_muted', muted: true })
  writer.publish({
    event_type: 'operator.status_changed',
    operator_id: operator.id,
    status: 'busy',
  })
  return { type: 'participant_left', ...participant }
}

function leave(
  call: Conversation,
  operator: Operator,
  participant: Participant,
  operatorTurns: number,
): void {
  const { writer, rng } = call
  writer.wait(rng.between(400, 1500)).publish({
    event_type: 'operator.left_call',
    call_sid: call.plan.callSid,
    operator_id: operator.id,
    human_segment_turn_count: operatorTurns,
  })
  writer.wait(rng.between(100, 400)).observe(participant)
}
