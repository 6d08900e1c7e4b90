/**
 * Simulated time, in milliseconds since the simulation began. Scenarios are written in simulated
 * time; a clock decides how it maps to the wall. `--speed 60` plays an hour in a minute.
 */
export interface SimClock {
  now(): number
}

/** Simulated time running `speed` times faster than the wall clock. */
export class ScaledClock implements SimClock {
  readonly #startedAt: number

  constructor(
    readonly speed: number,
    readonly wallNow: () => number = () => performance.now(),
  ) {
    if (!(speed > 0)) throw new RangeError('speed must be greater than 0')
    this.#startedAt = wallNow()
  }

  now(): number {
    return (this.wallNow() - this.#startedAt) * this.speed
  }
}

/** Simulated time that moves only when a test says so: runs are exact and instant. */
export class ManualClock implements SimClock {
  #now = 0

  now(): number {
    return this.#now
  }

  advance(ms: number): void {
    if (ms < 0) throw new RangeError('time only moves forward')
    this.#now += ms
  }
}
