import type { ObserverEventOf, WorkspaceEventOf } from '../../../core/events'
import type { ToolSpec } from '../dialogue'
import { phoneNumber } from '../people'
import type { Emission } from '../types'
import type { CallPlan } from './call-plan'
import { Conversation } from './conversation'
import { escalate, fileWrapUp, type WrapUp } from './escalation'
import type { OperatorDesk } from './operators'

export interface CallContext {
  workspaceId: string
  operators: OperatorDesk
}

export interface WrittenCall {
  emissions: readonly Emission[]
  /** When `call.ended` is published: the call's slot is free again from then. */
  endedAt: number
}

type CompletionReason = WorkspaceEventOf<'call.ended'>['completion_reason']

/**
 * Writes a whole call starting at `start`: `call.started`, the observer session from
 * `session_start` to `session_end`, `call.ended`, and what follows the call on the workspace
 * stream (an encounter update, an operator's wrap-up).
 */
export function writeCall(plan: CallPlan, start: number, context: CallContext): WrittenCall {
  const call = new Conversation(plan, start)
  const { writer, rng } = call
  writer.publish({
    event_type: 'call.started',
    call_sid: plan.callSid,
    caller_id: plan.person.phone,
    direction: plan.direction,
    service_id: plan.dialogue.info.id,
  })
  writer.wait(rng.between(150, 420))
  const sessionStart = writer.now
  writer.observe({
    type: 'session_start',
    call_sid: plan.callSid,
    session_id: plan.sessionId,
    trace_id: plan.traceId,
    service_id: plan.dialogue.info.id,
    workspace_id: context.workspaceId,
    initial_state: writer.state,
    mode: 'live',
  })
  if (plan.voiceProfileAtStart) writer.observe(voiceProfile(plan))

  const outcome = converse(call, context.operators)

  writer.waitForSilence(rng.between(300, 900)).observe({
    type: 'session_end',
    call_sid: plan.callSid,
    session_id: plan.sessionId,
    trace_id: plan.traceId,
    completion_reason: outcome.reason,
    duration_s: seconds(writer.now - sessionStart),
    turns: writer.turns,
    final_state: writer.state,
    has_recording: true,
    emotional_summary: call.affect.summary(),
  })
  writer.wait(rng.between(80, 400)).publish({
    event_type: 'call.ended',
    call_sid: plan.callSid,
    completion_reason: outcome.reason,
    direction: plan.direction,
    duration_seconds: seconds(writer.now - start),
    escalated: outcome.wrapUp !== undefined,
  })
  const endedAt = writer.now
  if (outcome.reason === 'completed' && rng.chance(0.4)) {
    writer.wait(rng.between(2000, 9000)).publish({
      event_type: 'encounter.updated',
      encounter_entity_id: rng.uuid(),
      session_id: plan.sessionId,
    })
  }
  if (outcome.wrapUp) fileWrapUp(call, outcome.wrapUp, context.operators)
  return { emissions: writer.script.emissions, endedAt }
}

interface Outcome {
  reason: CompletionReason
  /** Set when an operator joined the call (it was escalated). */
  wrapUp?: WrapUp
}

/** The conversation from the greeting to the last word, following the plan. */
function converse(call: Conversation, operators: OperatorDesk): Outcome {
  const { plan, writer, rng } = call
  if (plan.outcome === 'voicemail' && plan.voicemail.length > 0) {
    writer.reply(call.line(plan.voicemail), { kind: 'greeting', action: 'leave_voicemail' })
    writer.transition('goodbye', 'voicemail')
    return { reason: 'voicemail' }
  }
  writer.reply(call.line(plan.script.greeting), { kind: 'greeting', action: 'greet' })
  if (plan.outcome === 'abandoned') {
    writer.wait(rng.between(2500, 7000))
    return { reason: 'abandoned' }
  }
  for (const exchange of plan.script.opening) {
    if (call.exchange(exchange) === 'gave_up') return close(call)
    if (hangsUpNow(call)) return { reason: 'caller_hangup' }
  }
  if (plan.outcome === 'forwarded') {
    return forward(call) ? { reason: 'forwarded' } : close(call)
  }
  let wrapUp: WrapUp | undefined
  for (const [index, exchange] of plan.script.task.entries()) {
    if (plan.escalation?.beforeTask === index) {
      const result = escalate(call, plan.escalation.scene, plan.escalation.handBack, operators)
      if (result.kind === 'operator_ended') return { reason: 'escalated', wrapUp: result.wrapUp }
      if (result.kind === 'handed_back') {
        wrapUp = result.wrapUp
        break
      }
    }
    if (exchange.chance !== undefined && !rng.chance(exchange.chance)) continue
    if (call.exchange(exchange) === 'gave_up') break
    if (hangsUpNow(call)) return { reason: 'caller_hangup' }
  }
  return { ...close(call), ...(wrapUp ? { wrapUp } : {}) }
}

/** Confirmation and goodbye. */
function close(call: Conversation): Outcome {
  for (const exchange of call.plan.script.closing) {
    call.exchange(exchange)
    if (hangsUpNow(call)) return { reason: 'caller_hangup' }
  }
  return { reason: 'completed' }
}

function hangsUpNow(call: Conversation): boolean {
  const { plan } = call
  if (plan.outcome !== 'caller_hangup' || call.exchanges !== plan.hangUpAfter) return false
  call.writer.wait(call.rng.between(800, 3000))
  return true
}

const forwardTool: ToolSpec = {
  name: 'forward_call',
  integration: 'telephony',
  endpoint: 'calls.forward',
  protocol: 'https',
  input: (f) => ({ target_number: f.forward_number, location_name: f.forward_location }),
  output: () => JSON.stringify({ status: 'dialing' }),
  durationMs: [120, 400],
  fillers: [],
  errors: ['telephony: forward target rejected'],
}

/** The caller needs another line; the agent forwards the call there. True if it connected. */
function forward(call: Conversation): boolean {
  const { writer, plan, rng, facts } = call
  const scene = plan.dialogue.forward
  call.callerSays(call.line(scene.caller))
  call.classifyEmpathy(false)
  writer.navigate('call_forward', 'reply', 'forward')
  writer.reply(call.line(scene.agent), { action: 'forward_call' })
  const targetNumber = phoneNumber(rng)
  facts.forward_number = targetNumber
  facts.forward_location = scene.locationName
  writer.tool(forwardTool, facts, false)
  writer.wait(rng.between(4000, 18000)).observe({
    type: 'forward_call_resolved',
    target_number: targetNumber,
    location_name: scene.locationName,
    result: plan.forwardConnects ? 'connected' : 'no_answer',
    ...(plan.forwardConnects ? {} : { error: 'No answer from the forward target after 25 s' }),
  })
  if (plan.forwardConnects) return true
  writer.transition('confirmation', 'forward_failed')
  writer.reply(call.line(scene.failed), { kind: 'continuation', action: 'forward_failed' })
  return false
}

function voiceProfile(plan: CallPlan): ObserverEventOf<'voice_context_applied'> {
  return {
    type: 'voice_context_applied',
    emotion_detection_enabled: true,
    filler_enabled: true,
    reasoning: `Service profile "${plan.dialogue.info.name}": warm, unhurried delivery.`,
    tts_emotion: 'warm',
    tts_speed: 1,
    tts_volume: 1,
  }
}

function seconds(ms: number): number {
  return Math.round(ms / 100) / 10
}
