import type { ActiveSession, Clock } from '../platform'

/** The least time between two listings after reconnects. */
export const RECONCILE_EVERY_MS = 10_000

export interface LiveCallsOptions {
  /** `GET sessions/active` (with auto-observe, observing each call it lists). */
  list: () => Promise<ActiveSession[]>
  clock: Clock
  /** The calls live now. */
  onListed: (sessions: readonly ActiveSession[]) => void
  /** A listing after a reconnect failed; `message` is safe to show. */
  onFailed: (message: string) => void
}

/**
 * What is live now, asked of the platform at start and again after every reconnect of the
 * workspace stream, so that calls that started while it was down are observed and the views drop
 * calls that ended meanwhile. At most once per `RECONCILE_EVERY_MS`, the last reconnect of a burst
 * included: a stream that keeps dropping must not hammer `sessions/active` (spec 5.3).
 */
export class LiveCalls {
  readonly #options: LiveCallsOptions
  #connectedBefore = false
  #last = Number.NEGATIVE_INFINITY
  #cancelPending: (() => void) | null = null
  #stopped = false

  constructor(options: LiveCallsOptions) {
    this.#options = options
  }

  /** The listing at start; its failures are the caller's (a rejected key ends the start). */
  async listAtStart(): Promise<void> {
    this.#last = this.#options.clock.now()
    const sessions = await this.#options.list()
    if (!this.#stopped) this.#options.onListed(sessions)
  }

  /** The stream connected: from the second time on, a reconnect to reconcile after. */
  connected(): void {
    if (!this.#connectedBefore) {
      this.#connectedBefore = true
      return
    }
    if (this.#cancelPending !== null) return
    const wait = this.#last + RECONCILE_EVERY_MS - this.#options.clock.now()
    if (wait <= 0) {
      this.#list()
      return
    }
    this.#cancelPending = this.#options.clock.setTimer(wait, () => {
      this.#cancelPending = null
      this.#list()
    })
  }

  stop(): void {
    this.#stopped = true
    this.#cancelPending?.()
    this.#cancelPending = null
  }

  #list(): void {
    if (this.#stopped) return
    this.#last = this.#options.clock.now()
    this.#options
      .list()
      .then((sessions) => {
        if (!this.#stopped) this.#options.onListed(sessions)
      })
      .catch((error: unknown) => {
        if (this.#stopped) return
        const why = error instanceof Error ? error.message : String(error)
        this.#options.onFailed(`The live calls could not be listed after reconnecting: ${why}`)
      })
  }
}
