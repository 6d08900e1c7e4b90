import { describe, expect, it } from 'vitest'
import { healthyRecording } from '../../api'
import { HealthState } from './recording-health'

// What the alerts above every view learn from the recorder.

const problem = (callSid: string) => ({
  callSid,
  message: `What call ${callSid} said while it was not observed could not be filled in: Reading the call's record: the platform answered HTTP 503.`,
})

describe('the recording health', () => {
  it('starts healthy, with complete backfills', () => {
    expect(new HealthState().current).toEqual(healthyRecording)
    expect(healthyRecording.backfill).toEqual({ state: 'complete' })
  })

  it('counts the calls whose missed stretch could not be filled in, once each, since the first', () => {
    const health = new HealthState()
    expect(health.backfillProblem(problem('CA1'), 1000).backfill).toEqual({
      state: 'incomplete',
      calls: 1,
      since: 1000,
      message: problem('CA1').message,
    })
    health.backfillProblem(problem('CA2'), 2000)
    expect(health.backfillProblem(problem('CA1'), 3000).backfill).toEqual({
      state: 'incomplete',
      calls: 2,
      since: 1000,
      message: problem('CA1').message,
    })
    // The other problems are untouched.
    expect(health.current.storage).toEqual({ state: 'saving' })
    expect(health.current.observers).toEqual({ state: 'observing' })
  })

  it('goes back to complete when dismissed, and counts again from zero', () => {
    const health = new HealthState()
    health.backfillProblem(problem('CA1'), 1000)
    health.backfillProblem(problem('CA2'), 1000)
    expect(health.dismissBackfill()?.backfill).toEqual({ state: 'complete' })
    expect(health.dismissBackfill()).toBeNull()
    expect(health.backfillProblem(problem('CA3'), 5000).backfill).toMatchObject({
      calls: 1,
      since: 5000,
    })
  })

  it('keeps each problem apart: storage, observers and backfill', () => {
    const health = new HealthState()
    const previous = health.current
    health.storage({ state: 'failing', message: 'The disk is full.', waiting: 3, since: 9 })
    health.observersSuspended('The API key expired.')
    health.backfillProblem(problem('CA1'), 10)
    expect(health.current).toEqual({
      storage: { state: 'failing', message: 'The disk is full.', waiting: 3, since: 9 },
      observers: { state: 'suspended', message: 'The API key expired.' },
      backfill: { state: 'incomplete', calls: 1, since: 10, message: problem('CA1').message },
    })
    // A copy already pushed does not change under the renderer.
    expect(previous).toEqual(healthyRecording)
  })
})
