import { describe, expect, it } from 'vitest'
import { Random } from './random'

function draw(rng: Random, count: number): number[] {
  return Array.from({ length: count }, () => rng.next())
}

describe('Random', () => {
  it('repeats itself for the same seed and labels', () => {
    expect(draw(Random.derive(7, 'call', 3), 50)).toEqual(draw(Random.derive(7, 'call', 3), 50))
  })

  it('differs by seed and by label', () => {
    const base = draw(Random.derive(7, 'call', 3), 10)
    expect(draw(Random.derive(8, 'call', 3), 10)).not.toEqual(base)
    expect(draw(Random.derive(7, 'call', 4), 10)).not.toEqual(base)
    expect(draw(Random.derive(7, 'calls', 3), 10)).not.toEqual(base)
  })

  it('stays in range', () => {
    const rng = Random.derive(1)
    const units = Array.from({ length: 10_000 }, () => rng.next())
    const dice = Array.from({ length: 10_000 }, () => rng.int(1, 6))
    const clamped = Array.from({ length: 10_000 }, () => rng.around(0, 5, -1, 1))
    expect(Math.min(...units)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...units)).toBeLessThan(1)
    expect(new Set(dice)).toEqual(new Set([1, 2, 3, 4, 5, 6]))
    expect(Math.min(...clamped)).toBeGreaterThanOrEqual(-1)
    expect(Math.max(...clamped)).toBeLessThanOrEqual(1)
  })

  it('spreads integers evenly', () => {
    const rng = Random.derive(2)
    const counts = [0, 0, 0, 0]
    for (let i = 0; i < 40_000; i++) {
      const face = rng.int(0, 3)
      counts[face] = (counts[face] ?? 0) + 1
    }
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(500)
  })

  it('draws exponential gaps with the requested mean', () => {
    const rng = Random.derive(3)
    let total = 0
    for (let i = 0; i < 20_000; i++) total += rng.exponential(10)
    expect(total / 20_000).toBeCloseTo(10, 0)
  })

  it('makes identifiers of the right shape', () => {
    const rng = Random.derive(4)
    expect(rng.uuid()).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    )
    expect(rng.hex(32)).toMatch(/^[0-9a-f]{32}$/)
    expect(rng.digits(4)).toMatch(/^\d{4}$/)
  })

  it('picks by weight', () => {
    const rng = Random.derive(5)
    let heavy = 0
    for (let i = 0; i < 10_000; i++) {
      if (
        rng.weighted([
          ['heavy', 9],
          ['light', 1],
        ]) === 'heavy'
      ) {
        heavy++
      }
    }
    expect(heavy / 10_000).toBeCloseTo(0.9, 1)
    expect(() => rng.pick([])).toThrow()
  })
})
