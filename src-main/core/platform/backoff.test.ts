import { describe, expect, it } from 'vitest'
import { atLeast, Backoff, MAX_BACKOFF_MS, MIN_FLOOR_MS } from './backoff'
import { parseRetryAfter } from './retry-after'

/** A random source that returns the given values in turn. */
function sequence(...values: number[]): () => number {
  let index = 0
  return () => values[index++ % values.length] ?? 0
}

describe('Backoff', () => {
  it('starts at the floor and doubles the window up to the cap (random 0 and ~1)', () => {
    const low = new Backoff({ random: () => 0 })
    expect([low.next(), low.next(), low.next()]).toEqual([3000, 3000, 3000])
    const high = new Backoff({ random: () => 0.999999 })
    expect(Array.from({ length: 6 }, () => high.next())).toEqual([
      6000, 12000, 24000, 30000, 30000, 30000,
    ])
  })

  it('draws uniformly from [floor, window] (full jitter above the floor)', () => {
    const backoff = new Backoff({ random: sequence(0.5, 0.25, 0.5) })
    expect(backoff.next()).toBe(4500) // [3000, 6000]
    expect(backoff.next()).toBe(5250) // [3000, 12000]
    expect(backoff.next()).toBe(13500) // [3000, 24000]
  })

  it('keeps every delay within [floor, cap] for any random value', () => {
    for (const draw of [0, 0.1, 0.5, 0.9, 1, -3, 7]) {
      const backoff = new Backoff({ random: () => draw })
      for (let attempt = 0; attempt < 50; attempt++) {
        const delay = backoff.next()
        expect(delay).toBeGreaterThanOrEqual(3000)
        expect(delay).toBeLessThanOrEqual(MAX_BACKOFF_MS)
      }
    }
  })

  it('counts attempts and starts over after reset', () => {
    const backoff = new Backoff({ random: () => 0.999999 })
    backoff.next()
    backoff.next()
    expect(backoff.attempts).toBe(2)
    backoff.reset()
    expect(backoff.attempts).toBe(0)
    expect(backoff.next()).toBe(6000)
  })

  it('takes a new floor from the server (retry:), clamped to [MIN_FLOOR_MS, cap]', () => {
    const backoff = new Backoff({ random: () => 0 })
    backoff.setFloor(500)
    expect(backoff.next()).toBe(500)
    backoff.setFloor(0)
    expect(backoff.floorMs).toBe(MIN_FLOOR_MS)
    backoff.setFloor(3_600_000)
    expect(backoff.floorMs).toBe(MAX_BACKOFF_MS)
    backoff.setFloor(Number.NaN)
    expect(backoff.floorMs).toBe(MAX_BACKOFF_MS)
    const windowed = new Backoff({ floorMs: 1000, random: () => 0.999999 })
    expect([windowed.next(), windowed.next()]).toEqual([2000, 4000])
  })

  it('raises a delay to a server-imposed minimum', () => {
    const backoff = new Backoff({ random: () => 0 })
    expect(backoff.nextAtLeast(7000)).toBe(7000)
    expect(backoff.nextAtLeast(1000)).toBe(3000)
    expect(atLeast(3000, 5000)).toBe(5000)
    expect(atLeast(8000, 5000)).toBe(8000)
  })
})

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP-dates, and nothing else', () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0)
    expect(parseRetryAfter('7', now)).toBe(7000)
    expect(parseRetryAfter(' 0 ', now)).toBe(0)
    expect(parseRetryAfter('Thu, 01 Jan 2026 12:00:30 GMT', now)).toBe(30_000)
    expect(parseRetryAfter('Thu, 01 Jan 2026 11:00:00 GMT', now)).toBe(0)
    expect(parseRetryAfter('soon', now)).toBeNull()
    expect(parseRetryAfter('-5', now)).toBeNull()
    expect(parseRetryAfter(null, now)).toBeNull()
  })
})
