import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { PriorityQueue } from './priority-queue'
import { Schedule } from './schedule'
import type { Emission } from './types'

function marker(at: number, label: string): Emission {
  return { at, stream: 'observer', callSid: label, event: { type: 'speaker_muted', muted: true } }
}

function take(schedule: Schedule, count: number): Emission[] {
  const out: Emission[] = []
  for (const emission of schedule.run()) {
    out.push(emission)
    if (out.length === count) break
  }
  return out
}

describe('PriorityQueue', () => {
  it('pops in order, whatever the order of pushes', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1000, max: 1000 })), (values) => {
        const queue = new PriorityQueue<number>((a, b) => a < b)
        for (const value of values) queue.push(value)
        const popped: number[] = []
        for (let value = queue.pop(); value !== undefined; value = queue.pop()) popped.push(value)
        expect(popped).toEqual([...values].sort((a, b) => a - b))
        expect(queue.size).toBe(0)
      }),
    )
  })
})

describe('Schedule', () => {
  it('interleaves scripts by time, keeping each moment in the order it was added', () => {
    const schedule = new Schedule()
    schedule.add([marker(10, 'a1'), marker(30, 'a2')])
    schedule.add([marker(10, 'b1'), marker(20, 'b2')])
    schedule.at(1000, () => {
      schedule.add([marker(1000, 'end')])
    })
    const labels = take(schedule, 5).map((e) => (e.stream === 'observer' ? e.callSid : ''))
    expect(labels).toEqual(['a1', 'b1', 'b2', 'a2', 'end'])
  })

  it('runs a task after what was added for the same moment before it', () => {
    const schedule = new Schedule()
    schedule.add([marker(5, 'ended')])
    schedule.at(5, (now) => {
      schedule.add([marker(now, 'started')])
    })
    schedule.at(6, () => {
      schedule.add([marker(6, 'last')])
    })
    const labels = take(schedule, 3).map((e) => (e.stream === 'observer' ? e.callSid : ''))
    expect(labels).toEqual(['ended', 'started', 'last'])
  })

  it('refuses to schedule in the past, which would break the order', () => {
    const schedule = new Schedule()
    schedule.at(100, () => {
      schedule.add([marker(50, 'late')])
    })
    expect(() => take(schedule, 1)).toThrow(/before the schedule's clock/)
  })

  it('says so when nothing is left to play', () => {
    const schedule = new Schedule()
    schedule.add([marker(1, 'only')])
    expect(() => take(schedule, 2)).toThrow(/ran dry/)
  })
})
