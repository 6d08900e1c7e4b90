import { healthyRecording, type RecordingHealth } from '../../api'
import type { StorageStatus } from '../recorder/recorder'

/**
 * The recording's health as the alerts show it, changed one report at a time. Each change returns
 * the new value (a fresh object, so a pushed copy never changes under the renderer), or null when
 * nothing the user sees changed.
 */
export class HealthState {
  #health: RecordingHealth = healthyRecording
  /** The calls whose missed stretch could not be filled in, since the alert was last dismissed. */
  readonly #incompleteCalls = new Set<string>()

  get current(): RecordingHealth {
    return this.#health
  }

  storage(storage: StorageStatus): RecordingHealth {
    return this.#set({ ...this.#health, storage })
  }

  observersSuspended(message: string): RecordingHealth {
    return this.#set({ ...this.#health, observers: { state: 'suspended', message } })
  }

  /**
   * A call's missed stretch could not be filled in. The message is the recorder's, which names
   * the call and the reason, never what was said.
   */
  backfillProblem(problem: { callSid: string; message: string }, now: number): RecordingHealth {
    this.#incompleteCalls.add(problem.callSid)
    const previous = this.#health.backfill
    return this.#set({
      ...this.#health,
      backfill: {
        state: 'incomplete',
        calls: this.#incompleteCalls.size,
        since: previous?.state === 'incomplete' ? previous.since : now,
        message: problem.message,
      },
    })
  }

  /** The user read the alert: it stays away until the next problem, which counts from zero. */
  dismissBackfill(): RecordingHealth | null {
    this.#incompleteCalls.clear()
    if (this.#health.backfill?.state !== 'incomplete') return null
    return this.#set({ ...this.#health, backfill: { state: 'complete' } })
  }

  #set(health: RecordingHealth): RecordingHealth {
    this.#health = health
    return health
  }
}
