import { afterEach, describe, expect, it } from 'vitest'
import { observerEventTypes, workspaceEventTypes } from '../core/events'
import { startSimulator, type Simulator } from './simulator'
import { openRawObserver, openRawStream, until, type RawObserver } from './testing/raw-clients'

// The scenario as a client sees it: through the stream and observer sockets, not the generator.

const EPOCH = Date.UTC(2026, 10, 21, 9, 0, 0)
const running: Simulator[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()))
})

async function simulator(seed: number): Promise<Simulator> {
  const s = await startSimulator({ clock: 'manual', epochMs: EPOCH, seed })
  running.push(s)
  return s
}

/** Plays `minutes` of simulated time with one stream open, observing every call as it starts. */
async function playObservingEveryCall(s: Simulator, minutes: number) {
  const stream = await openRawStream(s.baseUrl, `/v1/${s.workspaceId}/events/stream`, {
    Authorization: `Bearer ${s.apiKey}`,
  })
  await until(() => s.streamCount() === 1, 'the stream')
  const observers = new Map<string, RawObserver>()
  for (let at = 0; at < minutes * 60_000; at += 250) {
    s.advance(250)
    for (const frame of s.log.frames) {
      if (frame.stream !== 'workspace' || frame.event !== 'call.started') continue
      const { call_sid: callSid } = JSON.parse(frame.data) as { call_sid: string }
      if (observers.has(callSid)) continue
      const url = `${s.baseUrl.replace('http', 'ws')}/v1/${s.workspaceId}/observers/${callSid}/ws`
      const observer = openRawObserver(url, ['auth', s.apiKey])
      observers.set(callSid, observer)
      await observer.waitForMessages(1)
    }
  }
  stream.close()
  for (const observer of observers.values()) observer.socket.close()
  return { stream, observers }
}

describe('the demo scenario on the wire', () => {
  it('sends every one of the 65 event types in a default ten-minute run', async () => {
    const s = await simulator(1)
    const { observers } = await playObservingEveryCall(s, 10)
    const workspaceSeen = new Set(
      s.log.frames.flatMap((f) =>
        f.stream === 'workspace' && f.kind === 'event' ? [f.event] : [],
      ),
    )
    const observerSeen = new Set(
      [...observers.values()].flatMap((o) =>
        o.messages.map((m) => (JSON.parse(m) as { type: string }).type),
      ),
    )
    expect([...workspaceEventTypes].filter((type) => !workspaceSeen.has(type))).toEqual([])
    expect([...observerEventTypes].filter((type) => !observerSeen.has(type))).toEqual([])
  })

  it('is deterministic for a seed: the same frames, byte for byte; another seed differs', async () => {
    const wire = async (seed: number) => {
      const s = await simulator(seed)
      await playObservingEveryCall(s, 3)
      return s.log.frames.map((f) =>
        f.stream === 'workspace' ? `${f.sseId} ${f.event} ${f.data}` : f.text,
      )
    }
    const first = await wire(42)
    expect(first.length).toBeGreaterThan(100)
    expect(await wire(42)).toEqual(first)
    expect(await wire(43)).not.toEqual(first)
  })
})
