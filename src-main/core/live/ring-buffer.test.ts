import { describe, expect, it } from 'vitest'
import { RingBuffer } from './ring-buffer'

describe('RingBuffer', () => {
  it('keeps the last items pushed, oldest first', () => {
    const ring = new RingBuffer<number>(3)
    expect(ring.toArray()).toEqual([])
    for (let i = 1; i <= 7; i++) ring.push(i)
    expect(ring.toArray()).toEqual([5, 6, 7])
    expect(ring.size).toBe(3)
    ring.clear()
    ring.push(8)
    expect(ring.toArray()).toEqual([8])
  })

  it('refuses a capacity it cannot hold', () => {
    expect(() => new RingBuffer(0)).toThrow(RangeError)
    expect(() => new RingBuffer(1.5)).toThrow(RangeError)
  })
})
