import { afterEach, describe, expect, it } from 'vitest'
import { observerEventSchemas } from '../core/events'
import { eventTypeOf } from '../core/events/catalog'
import type { KeyState } from './api-keys'
import { startSimulator, type Simulator, type SimulatorOptions } from './simulator'
import { openRawObserver, openRawStream, until, type RawObserver } from './testing/raw-clients'

const schemaByType = new Map(observerEventSchemas.map((s) => [eventTypeOf(s, 'type'), s]))

let sim: Simulator | null = null
afterEach(async () => {
  await sim?.close()
  sim = null
})

async function simulator(options: SimulatorOptions = {}): Promise<Simulator> {
  sim = await startSimulator({ clock: 'manual', seed: 11, ...options })
  return sim
}

/** Plays the scenario until a call is live; returns its SID. */
function liveCall(s: Simulator): string {
  for (let step = 0; step < 600; step++) {
    s.advance(1000)
    const live = [...s.log.frames]
      .reverse()
      .find((f) => f.stream === 'workspace' && f.event === 'call.started')
    if (live?.stream === 'workspace') {
      const { call_sid } = JSON.parse(live.data) as { call_sid: string }
      return call_sid
    }
  }
  throw new Error('no call started within ten simulated minutes')
}

function observe(s: Simulator, callSid: string, protocols = ['auth', s.apiKey]): RawObserver {
  const url = `${s.baseUrl.replace('http', 'ws')}/v1/${s.workspaceId}/observers/${callSid}/ws`
  return openRawObserver(url, protocols)
}

async function withStream<T>(s: Simulator, run: () => Promise<T>): Promise<T> {
  // The log records only frames sent to someone: one stream makes the workspace events visible.
  const stream = await openRawStream(s.baseUrl, `/v1/${s.workspaceId}/events/stream`, {
    Authorization: `Bearer ${s.apiKey}`,
  })
  try {
    return await run()
  } finally {
    stream.close()
  }
}

describe('observer WebSocket (spec 3)', () => {
  it('accepts the auth subprotocol, sends session_info first, then live frames, then closes 1000', async () => {
    const s = await simulator()
    await withStream(s, async () => {
      await until(() => s.streamCount() === 1, 'the stream')
      const callSid = liveCall(s)
      const observer = observe(s, callSid)
      await observer.waitForMessages(1)
      expect(observer.socket.protocol).toBe('auth')
      const info = JSON.parse(observer.messages[0] ?? '') as Record<string, unknown>
      expect(info).toMatchObject({
        type: 'session_info',
        call_sid: callSid,
        workspace_id: s.workspaceId,
      })
      expect(schemaByType.get('session_info')?.safeParse(info).success).toBe(true)
      for (let minute = 0; minute < 30; minute++) s.advance(60_000)
      const { code } = await observer.closed
      expect(code).toBe(1000)
      const types = observer.messages.map((text) => (JSON.parse(text) as { type: string }).type)
      expect(types.at(-1)).toBe('session_end')
      for (const text of observer.messages) {
        const frame = JSON.parse(text) as { type: string }
        expect(schemaByType.get(frame.type)?.safeParse(frame).success, frame.type).toBe(true)
      }
    })
  })

  it('never replays: a late observer starts from session_info and the frames after it', async () => {
    const s = await simulator()
    await withStream(s, async () => {
      await until(() => s.streamCount() === 1, 'the stream')
      const callSid = liveCall(s)
      s.advance(20_000) // the call goes on without observers
      const observer = observe(s, callSid)
      await observer.waitForMessages(1)
      const sentBefore = s.log.frames.filter((f) => f.stream === 'observer').length
      expect(sentBefore).toBe(1) // only this observer's session_info
      const info = JSON.parse(observer.messages[0] ?? '') as { duration_seconds: number }
      expect(info.duration_seconds).toBeGreaterThanOrEqual(20)
      observer.socket.close()
    })
  })

  it.each<[string, KeyState | 'no-auth' | 'unknown-call', number]>([
    ['a call it does not know', 'unknown-call', 4004],
    ['an expired key', 'expired', 4100],
    ['a key without observer access', 'no-observer-access', 4003],
    ['a revoked key', 'revoked', 4403],
    ['no auth subprotocol', 'no-auth', 4001],
  ])('closes with the spec code for %s', async (_name, situation, code) => {
    const s = await simulator()
    await withStream(s, async () => {
      await until(() => s.streamCount() === 1, 'the stream')
      const callSid = situation === 'unknown-call' ? `CA${'0'.repeat(32)}` : liveCall(s)
      if (situation !== 'unknown-call' && situation !== 'no-auth') s.setKeyState(situation)
      const observer = observe(s, callSid, situation === 'no-auth' ? [] : ['auth', s.apiKey])
      expect((await observer.closed).code).toBe(code)
      expect(observer.messages).toEqual([])
    })
  })

  it('terminates a socket abruptly after every N frames when the knob says so', async () => {
    const s = await simulator({ faults: { dropObserverEvery: 3 } })
    await withStream(s, async () => {
      await until(() => s.streamCount() === 1, 'the stream')
      const callSid = liveCall(s)
      const observer = observe(s, callSid)
      await observer.waitForMessages(1)
      s.advance(60_000)
      expect((await observer.closed).code).toBe(1006)
      expect(observer.messages).toHaveLength(3)
    })
  })

  it('nests payloads under data when the docs envelope is chosen', async () => {
    const s = await simulator({ nestedObserverEnvelope: true })
    await withStream(s, async () => {
      await until(() => s.streamCount() === 1, 'the stream')
      const callSid = liveCall(s)
      const observer = observe(s, callSid)
      await observer.waitForMessages(1)
      const info = JSON.parse(observer.messages[0] ?? '') as {
        type: string
        data: { call_sid: string }
      }
      expect(info.type).toBe('session_info')
      expect(info.data.call_sid).toBe(callSid)
      observer.socket.close()
    })
  })
})
