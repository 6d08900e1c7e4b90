import { describe, expect, it } from 'vitest'
import type { ActiveSession, Clock } from '../platform'
import { LiveCalls, RECONCILE_EVERY_MS } from './live-calls'

/** A clock that moves only when told, with its timers. */
function manualClock() {
  let now = 0
  const timers: { at: number; run: () => void }[] = []
  const clock: Clock = {
    now: () => now,
    setTimer(ms, run) {
      const timer = { at: now + ms, run }
      timers.push(timer)
      return () => {
        timers.splice(timers.indexOf(timer), 1)
      }
    },
  }
  const advance = (ms: number) => {
    now += ms
    for (const timer of timers.filter((t) => t.at <= now)) {
      timers.splice(timers.indexOf(timer), 1)
      timer.run()
    }
  }
  return { clock, advance }
}

const session = (callSid: string) => ({ call_sid: callSid }) as ActiveSession
const flush = () => new Promise((resolve) => setImmediate(resolve))

describe('LiveCalls', () => {
  it('lists at start, then after each reconnect, at most once per interval', async () => {
    const { clock, advance } = manualClock()
    let asked = 0
    const listed: string[][] = []
    const live = new LiveCalls({
      clock,
      list: () => Promise.resolve([session(`CA${++asked}`)]),
      onListed: (sessions) => listed.push(sessions.map((s) => s.call_sid)),
      onFailed: () => undefined,
    })
    await live.listAtStart()
    live.connected() // the first connect, right after the start's listing: nothing more
    advance(RECONCILE_EVERY_MS)
    live.connected() // a reconnect, an interval later: listed at once
    await flush()
    expect(listed).toEqual([['CA1'], ['CA2']])
    // A burst of reconnects: one listing, at the end of the interval.
    live.connected()
    live.connected()
    live.connected()
    await flush()
    expect(asked).toBe(2)
    advance(RECONCILE_EVERY_MS)
    await flush()
    expect(listed).toEqual([['CA1'], ['CA2'], ['CA3']])
  })

  it('says when a listing fails, and reports nothing once stopped', async () => {
    const { clock, advance } = manualClock()
    const failures: string[] = []
    let fail = true
    const listed: number[] = []
    const live = new LiveCalls({
      clock,
      list: () => (fail ? Promise.reject(new Error('no answer')) : Promise.resolve([])),
      onListed: (sessions) => listed.push(sessions.length),
      onFailed: (message) => failures.push(message),
    })
    live.connected()
    live.connected()
    await flush()
    expect(failures).toEqual(['The live calls could not be listed after reconnecting: no answer'])
    fail = false
    advance(RECONCILE_EVERY_MS)
    live.connected()
    live.stop()
    await flush()
    expect(listed).toEqual([])
  })
})
