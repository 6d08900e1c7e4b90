import type { Emission } from './scenario/types'

/**
 * Plays a scenario against simulated time: everything due by `now` is handed on, in order. The
 * scenario is infinite and lazy; the player holds only the next emission.
 */
export class ScenarioPlayer {
  readonly #emissions: Generator<Emission, never>
  #next: Emission

  constructor(
    emissions: Generator<Emission, never>,
    readonly deliver: (emission: Emission) => void,
  ) {
    this.#emissions = emissions
    this.#next = this.#emissions.next().value
  }

  playUntil(now: number): void {
    while (this.#next.at <= now) {
      const due = this.#next
      this.#next = this.#emissions.next().value
      this.deliver(due)
    }
  }
}
