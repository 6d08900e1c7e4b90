import type { LiveCall, Text } from '../../api/live'
import type { ObserverEvent, ObserverEventOf } from '../events'
import { UNKNOWN_CALLER, type CallState } from './calls-board'
import { fromCompound, fromEmotion } from './emotion'
import type { LiveState } from './live-state'
import { observerField } from './summary-kit'

type Speaker = NonNullable<LiveCall['lastUtterance']>['speaker']

/** `start_time` is epoch seconds on the wire; an epoch in milliseconds is accepted too. */
function epochMs(time: number): number {
  return Math.round(time < 1e11 ? time * 1000 : time)
}

function sessionInfo(
  state: LiveState,
  callSid: string,
  event: ObserverEventOf<'session_info'>,
  receivedAt: number,
): void {
  const caller = observerField(event, 'caller_id')
  // Sent on every (re)connect: the platform's start time is better than when we first heard,
  // but never later than now (a platform clock ahead of ours would show a call not yet begun).
  const reported =
    event.start_time > 0
      ? epochMs(event.start_time)
      : event.duration_seconds > 0
        ? Math.round(receivedAt - event.duration_seconds * 1000)
        : null
  const startedAt = reported === null ? null : Math.min(reported, receivedAt)
  let call = state.calls.get(callSid)
  if (call === undefined) {
    if (state.calls.hasEnded(callSid)) return
    call = state.openCall({
      callSid,
      caller: caller.length > 0 ? caller : UNKNOWN_CALLER,
      direction: event.direction,
      serviceId: event.service_id === '' ? null : event.service_id,
      startedAt: startedAt ?? receivedAt,
    })
  } else {
    if (caller.length > 0 && call.caller === UNKNOWN_CALLER) state.setCaller(call, caller)
    if (startedAt !== null) call.startedAt = startedAt
    if (call.serviceId === null && event.service_id !== '') call.serviceId = event.service_id
  }
  if (event.current_state !== '') call.state = event.current_state
  state.calls.changed(call)
}

function sessionStart(
  state: LiveState,
  callSid: string,
  event: ObserverEventOf<'session_start'>,
  receivedAt: number,
): void {
  let call = state.calls.get(callSid)
  if (call === undefined) {
    if (state.calls.hasEnded(callSid)) return
    call = state.openCall({
      callSid,
      caller: UNKNOWN_CALLER,
      // The session start does not say; the workspace stream or `session_info` will.
      direction: 'unknown',
      serviceId: event.service_id ?? null,
      startedAt: receivedAt,
    })
  }
  if (event.initial_state != null && event.initial_state !== '') call.state = event.initial_state
  state.calls.changed(call)
}

function utterance(
  state: LiveState,
  call: CallState,
  speaker: Speaker,
  transcript: string,
  at: number,
): void {
  if (transcript.trim() === '') return
  // Transcripts are PHI whatever the catalog marks: what a caller says is about their health.
  const text: Text = [{ phi: transcript, field: 'transcript' }]
  call.lastUtterance = { speaker, text, at }
  state.calls.changed(call)
}

/**
 * Updates the live model for one observer event of the call `callSid`. Only calls on the board
 * change, apart from the session events that put a call there (the observer also connects to
 * calls that were live before this run).
 */
export function applyObserverEvent(
  state: LiveState,
  callSid: string,
  event: ObserverEvent,
  receivedAt: number,
): void {
  switch (event.type) {
    case 'session_info':
      sessionInfo(state, callSid, event, receivedAt)
      return
    case 'session_start':
      sessionStart(state, callSid, event, receivedAt)
      return
    case 'session_end':
      state.endCall(callSid)
      return
    default:
      break
  }
  const call = state.calls.get(callSid)
  if (call === undefined) return
  switch (event.type) {
    case 'state_transition':
      call.state = event.next_state
      state.calls.changed(call)
      return
    case 'user_transcript':
      // A partial transcript (docs variant with `is_final`) is replaced by its final one.
      if (event.is_final === false) return
      utterance(
        state,
        call,
        event.speaker_role === 'operator' ? 'operator' : 'caller',
        event.transcript,
        receivedAt,
      )
      return
    case 'agent_transcript':
      utterance(
        state,
        call,
        event.speaker_role === 'operator' ? 'operator' : 'agent',
        event.transcript,
        receivedAt,
      )
      return
    case 'emotion':
      call.emotion = fromEmotion(event)
      state.calls.changed(call)
      return
    case 'compound_emotion': {
      const emotion = fromCompound(event, call.emotion)
      if (emotion === null) return
      call.emotion = emotion
      state.calls.changed(call)
      return
    }
    default:
      return
  }
}
