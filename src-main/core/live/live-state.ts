import type { Text } from '../../api/live'
import type { WorkspaceEventOf } from '../events'
import { CallsBoard, UNKNOWN_CALLER, type CallState } from './calls-board'
import { EscalationInbox } from './escalation-inbox'
import { OperatorBoard } from './operator-board'
import { field } from './summary-kit'

export interface LiveStateOptions {
  now: () => number
  staleCallMs: number
  maxCalls: number
  maxEscalations: number
  maxOperators: number
}

export type NewCall = Pick<
  CallState,
  'callSid' | 'caller' | 'direction' | 'serviceId' | 'startedAt'
>

/**
 * The calls board, escalation inbox and operator board, and the changes that touch more than one
 * of them (an operator joining answers the call's escalation; a call ending ends it).
 */
export class LiveState {
  readonly calls: CallsBoard
  readonly inbox: EscalationInbox
  readonly operators: OperatorBoard

  constructor(options: LiveStateOptions) {
    this.calls = new CallsBoard({
      now: options.now,
      staleAfterMs: options.staleCallMs,
      maxCalls: options.maxCalls,
    })
    this.inbox = new EscalationInbox(options.maxEscalations)
    this.operators = new OperatorBoard(options.maxOperators)
  }

  /**
   * Puts a call on the board with what the inbox and operator board already know of it: the
   * workspace stream may have escalated it, or sent an operator in, before the call was seen.
   */
  openCall(fields: NewCall): CallState {
    const call = this.calls.add(fields)
    const escalation = this.inbox.latestOpen(call.callSid)
    if (escalation !== undefined) {
      const { escalationId, reason, trigger, raisedAt } = escalation
      call.escalation = { escalationId, reason, trigger, at: raisedAt }
      call.answered = escalation.status === 'joined'
    }
    const operator = this.operators.onCall(call.callSid)
    if (operator?.mode != null)
      call.operator = { operatorId: operator.operatorId, mode: operator.mode }
    if (call.caller !== UNKNOWN_CALLER) this.inbox.setCaller(call.callSid, call.caller)
    return call
  }

  setCaller(call: CallState, caller: Text): void {
    call.caller = caller
    this.inbox.setCaller(call.callSid, caller)
    this.calls.changed(call)
  }

  endCall(callSid: string): void {
    this.calls.remove(callSid, true)
    this.inbox.ended(callSid)
  }

  escalate(event: WorkspaceEventOf<'call.escalated'>, at: number): void {
    const call = this.calls.get(event.call_sid)
    const reason = field(event, 'reason')
    const operator = call?.operator ?? null
    const raised = this.inbox.raise({
      escalationId: event.escalation_id,
      callSid: event.call_sid,
      caller: call?.caller ?? UNKNOWN_CALLER,
      reason,
      trigger: event.trigger,
      raisedAt: at,
      status: operator === null ? 'waiting' : 'joined',
      operatorId: operator?.operatorId ?? null,
    })
    if (raised === null || call === undefined) return
    call.escalation = { escalationId: event.escalation_id, reason, trigger: event.trigger, at }
    call.answered = operator !== null
    this.calls.changed(call)
  }

  /** An operator is on a call (joined it, or changed mode on it). */
  operatorOn(callSid: string, operatorId: string, mode: string, at: number): void {
    this.operators.update(operatorId, { callSid, mode }, at)
    this.inbox.joined(callSid, operatorId)
    const call = this.calls.get(callSid)
    if (call === undefined) return
    call.operator = { operatorId, mode }
    if (call.escalation !== null) call.answered = true
    this.calls.changed(call)
  }

  operatorLeft(callSid: string, operatorId: string, at: number): void {
    // Out of order, the operator may already be on another call: that one stays.
    const known = this.operators.get(operatorId)
    const onThisCall = known === undefined || known.callSid === callSid || known.callSid === null
    this.operators.update(operatorId, onThisCall ? { callSid: null, mode: null } : {}, at)
    const call = this.calls.get(callSid)
    if (call?.operator?.operatorId !== operatorId) return
    call.operator = null
    this.calls.changed(call)
  }

  /**
   * Takes the platform's list of live calls (`GET sessions/active`, asked at `listedAt`) as the
   * truth after a reconnect: calls it does not list ended while the stream was down (or the
   * platform restarted and forgot them). They leave the board, their escalations end and
   * operators on them are free. Calls first heard of after `listedAt` stay: the list may predate
   * them.
   */
  reconcile(live: ReadonlySet<string>, listedAt: number, at: number): void {
    for (const callSid of this.calls.reconcile(live, listedAt)) this.inbox.ended(callSid)
    const gone = (callSid: string) => !live.has(callSid) && this.calls.get(callSid) === undefined
    for (const callSid of this.inbox.openCalls()) if (gone(callSid)) this.inbox.ended(callSid)
    for (const operator of this.operators.onAnyCall()) {
      if (operator.callSid !== null && gone(operator.callSid) && operator.updatedAt < listedAt) {
        this.operators.update(operator.operatorId, { callSid: null, mode: null }, at)
      }
    }
  }

  /** Drops calls whose end was missed; their escalations end with them. */
  sweep(force: boolean): void {
    for (const callSid of this.calls.sweep(force)) this.inbox.ended(callSid)
  }

  clear(): void {
    this.calls.clear()
    this.inbox.clear()
    this.operators.clear()
  }
}
