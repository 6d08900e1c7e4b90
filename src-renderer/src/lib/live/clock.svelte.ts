import { createSubscriber } from 'svelte/reactivity'

/**
 * One shared one-second clock for every live duration and relative time on screen. It ticks on
 * the wall-clock second only while something reads it, so all durations change together and an
 * idle view costs nothing.
 */
class Clock {
  #now = Date.now()
  #running = false
  readonly #subscribe = createSubscriber((update) => {
    this.#running = true
    let timer: ReturnType<typeof setTimeout> | undefined
    const schedule = (): void => {
      timer = setTimeout(
        () => {
          this.#now = Date.now()
          update()
          schedule()
        },
        1000 - (Date.now() % 1000),
      )
    }
    schedule()
    return () => {
      this.#running = false
      clearTimeout(timer)
    }
  })

  /** The time (epoch ms), refreshed every second while read reactively. */
  get now(): number {
    if (!this.#running) this.#now = Date.now()
    this.#subscribe()
    return this.#now
  }
}

export const clock = new Clock()
