import type { WorkspaceEvent, WorkspaceEventOf } from '../events'
import { UNKNOWN_CALLER } from './calls-board'
import type { LiveState } from './live-state'
import { field } from './summary-kit'

/**
 * When the event arrived, by this computer's clock: durations and "2 min ago" are measured on
 * one clock, whatever the platform's clock (or the demo's accelerated one) says.
 */
export interface EventTimes {
  receivedAt: number
}

function callStarted(
  state: LiveState,
  event: WorkspaceEventOf<'call.started'>,
  times: EventTimes,
): void {
  const caller = field(event, 'caller_id')
  const call = state.calls.get(event.call_sid)
  if (call === undefined) {
    state.openCall({
      callSid: event.call_sid,
      caller: caller.length > 0 ? caller : UNKNOWN_CALLER,
      direction: event.direction,
      serviceId: event.service_id,
      startedAt: times.receivedAt,
    })
    return
  }
  // The observer saw the call first; the workspace stream is the authority on what it is.
  call.direction = event.direction
  call.serviceId = event.service_id
  if (caller.length > 0) state.setCaller(call, caller)
  state.calls.changed(call)
}

/** Updates the live model for one workspace event; types that change none of it are ignored. */
export function applyWorkspaceEvent(
  state: LiveState,
  event: WorkspaceEvent,
  times: EventTimes,
): void {
  const { receivedAt } = times
  switch (event.event_type) {
    case 'call.started':
      callStarted(state, event, times)
      return
    case 'call.ended':
      state.endCall(event.call_sid)
      return
    case 'call.escalated':
      state.escalate(event, receivedAt)
      return
    case 'operator.registered':
      state.operators.update(event.operator_id, {}, receivedAt)
      return
    case 'operator.status_changed':
      state.operators.update(event.operator_id, { status: event.status }, receivedAt)
      return
    case 'operator.joined_call':
    case 'operator.mode_changed':
      state.operatorOn(event.call_sid, event.operator_id, event.mode, receivedAt)
      return
    case 'operator.left_call':
      state.operatorLeft(event.call_sid, event.operator_id, receivedAt)
      return
    // `operator.wrap_up` names no operator (spec 2.5), so no row of the operator board changes.
    default:
      return
  }
}
