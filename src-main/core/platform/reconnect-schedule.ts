import { atLeast, type Backoff } from './backoff'
import type { Clock } from './clock'

/** The next reconnect: which attempt, when (epoch ms), after how long. */
export interface ScheduledReconnect {
  attempt: number
  retryAt: number
  delayMs: number
}

/**
 * At most one pending reconnect, timed by the backoff policy on an injectable clock: the part of
 * the reconnect policy the workspace stream and the observer socket share.
 */
export class ReconnectSchedule {
  #cancel: (() => void) | null = null

  constructor(
    readonly backoff: Backoff,
    readonly clock: Clock,
  ) {}

  /** Runs `reconnect` after the policy's next delay, and at least `minimumMs` from now. */
  schedule(reconnect: () => void, minimumMs = 0): ScheduledReconnect {
    this.cancel()
    const delayMs = atLeast(this.backoff.next(), minimumMs)
    const retryAt = this.clock.now() + delayMs
    this.#cancel = this.clock.setTimer(delayMs, () => {
      this.#cancel = null
      reconnect()
    })
    return { attempt: this.backoff.attempts, retryAt, delayMs }
  }

  /** A reconnect is waiting for its time. */
  get pending(): boolean {
    return this.#cancel !== null
  }

  cancel(): void {
    this.#cancel?.()
    this.#cancel = null
  }
}
