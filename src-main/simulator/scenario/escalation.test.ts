import { describe, expect, it } from 'vitest'
import type { ObserverEvent, WorkspaceEvent } from '../../core/events'
import { OPERATORS } from './index'
import { completeCalls, runFor } from './testing'

const RUN_MINUTES = 60
const run = runFor({ seed: 77 }, RUN_MINUTES)
const calls = completeCalls(run)

type Step = { at: number; name: string; workspace?: WorkspaceEvent; observer?: ObserverEvent }

/** A call's events on both streams, merged in time order, named `stream:type`. */
function stepsOf(call: (typeof calls)[number]): Step[] {
  return [
    ...call.workspace.map(({ at, event }) => ({
      at,
      name: `workspace:${event.event_type}`,
      workspace: event,
    })),
    ...call.observer.map(({ at, event }) => ({
      at,
      name: `observer:${event.type}`,
      observer: event,
    })),
  ].sort((a, b) => a.at - b.at)
}

function indexOf(steps: Step[], name: string, from = 0): number {
  return steps.findIndex((step, index) => index >= from && step.name === name)
}

const escalated = calls.filter((call) =>
  call.workspace.some(({ event }) => event.event_type === 'call.ended' && event.escalated),
)

describe('escalated calls', () => {
  it('are some of the calls, and exactly those with call.escalated', () => {
    expect(escalated.length).toBeGreaterThan(calls.length * 0.08)
    for (const call of calls) {
      const flagged = escalated.includes(call)
      expect(call.workspace.some(({ event }) => event.event_type === 'call.escalated')).toBe(
        flagged,
      )
    }
  })

  it('have an operator take over, then leave, then wrap up', () => {
    const endOfRun = RUN_MINUTES * 60_000
    for (const call of escalated) {
      const steps = stepsOf(call)
      const escalatedAt = indexOf(steps, 'workspace:call.escalated')
      const joined = indexOf(steps, 'workspace:operator.joined_call', escalatedAt)
      const participantJoined = indexOf(steps, 'observer:participant_joined', joined)
      const muted = indexOf(steps, 'observer:speaker_muted', participantJoined)
      const operatorTurn = steps.findIndex(
        (step, index) =>
          index > muted &&
          step.observer?.type === 'user_transcript' &&
          step.observer.speaker_role === 'operator',
      )
      const left = indexOf(steps, 'workspace:operator.left_call', operatorTurn)
      const participantLeft = indexOf(steps, 'observer:participant_left', left)
      const ended = indexOf(steps, 'workspace:call.ended', participantLeft)
      for (const index of [escalatedAt, joined, participantJoined, muted, operatorTurn, left]) {
        expect(index).toBeGreaterThanOrEqual(0)
      }
      expect(participantLeft).toBeGreaterThan(left)
      expect(ended).toBeGreaterThan(participantLeft)
      expect(steps[joined]?.workspace).toMatchObject({ mode: 'takeover' })
      expect(steps[participantJoined]?.observer).toMatchObject({ participant_role: 'operator' })
      expect(steps[muted]?.observer).toMatchObject({ muted: true })
      expect(steps[ended]?.workspace).toMatchObject({ escalated: true })
      // The wrap-up comes up to a minute and a half after the call, so only for calls that ended
      // well before the run did.
      if ((steps[ended]?.at ?? endOfRun) < endOfRun - 2 * 60_000) {
        expect(indexOf(steps, 'workspace:operator.wrap_up', ended)).toBeGreaterThan(ended)
      }
    }
  })

  it('unmute the agent when the operator hands back in listen mode', () => {
    let handBacks = 0
    for (const call of escalated) {
      const steps = stepsOf(call)
      const modeChanged = indexOf(steps, 'workspace:operator.mode_changed')
      if (modeChanged < 0) continue
      handBacks++
      expect(steps[modeChanged]?.workspace).toMatchObject({ mode: 'listen' })
      const unmuted = indexOf(steps, 'observer:speaker_muted', modeChanged)
      expect(steps[unmuted]?.observer).toMatchObject({ muted: false })
      const resumed = steps.findIndex(
        (step, index) =>
          index > unmuted &&
          step.observer?.type === 'agent_transcript' &&
          !step.observer.filler_type,
      )
      expect(resumed).toBeLessThan(indexOf(steps, 'workspace:operator.left_call', modeChanged))
      expect(
        call.workspace.find(({ event }) => event.event_type === 'call.ended')?.event,
      ).toMatchObject({ completion_reason: 'completed' })
    }
    expect(handBacks).toBeGreaterThan(0)
  })

  it('keep each operator on one call at a time, busy until the wrap-up', () => {
    const operatorIds = new Set(OPERATORS.map((operator) => operator.id))
    const status = new Map<string, string>()
    for (const emission of run) {
      if (emission.stream !== 'workspace') continue
      const { event } = emission
      if (event.event_type === 'operator.joined_call') {
        expect(status.get(event.operator_id) ?? 'online').toBe('online')
        status.set(event.operator_id, 'joining')
      }
      if (event.event_type === 'operator.status_changed' && operatorIds.has(event.operator_id)) {
        status.set(event.operator_id, event.status)
      }
    }
    expect(status.size).toBeGreaterThan(1)
  })
})
