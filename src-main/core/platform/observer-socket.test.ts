import { afterEach, describe, expect, it } from 'vitest'
import type { KeyState } from '../../simulator/api-keys'
import { startSimulator, type Simulator, type SimulatorOptions } from '../../simulator/simulator'
import { until } from '../../simulator/testing/raw-clients'
import type { ObserverStatus } from './observer-socket'
import { frameTypes, recordObserver, type RecordedObserver } from './testing/observer-recorder'
import { startRawSseServer } from './testing/raw-sse-server'
import { startRawWsServer, type RawWsServer } from './testing/raw-ws-server'
import { advanceToLiveCall } from './testing/simulator-helpers'

const DEADLINE_MS = 20_000
let sim: Simulator | null = null
let server: RawWsServer | null = null
const observers: RecordedObserver[] = []
afterEach(async () => {
  await Promise.all(observers.splice(0).map((recorded) => recorded.socket.stop()))
  await sim?.close()
  await server?.close()
  sim = null
  server = null
})

async function simulator(options: SimulatorOptions = {}): Promise<Simulator> {
  sim = await startSimulator({ clock: 'manual', seed: 11, ...options })
  return sim
}

function observe(
  baseUrl: string,
  callSid: string,
  options: Partial<Parameters<typeof recordObserver>[0]> = {},
): RecordedObserver {
  const recorded = recordObserver({
    baseUrl,
    workspaceId: sim?.workspaceId ?? 'w1',
    apiKey: sim?.apiKey ?? 'k1',
    callSid,
    ...options,
  })
  observers.push(recorded)
  recorded.socket.start()
  return recorded
}

function states(statuses: readonly ObserverStatus[]): string[] {
  return statuses.map((status) => status.state)
}

function sentTo(s: Simulator, callSid: string): string[] {
  return s.log.frames.flatMap((f) =>
    f.stream === 'observer' && f.callSid === callSid ? [f.text] : [],
  )
}

/** Plays simulated minutes until `check` holds. */
async function playUntil(s: Simulator, check: () => boolean, what: string): Promise<void> {
  for (let minute = 0; minute < 30 && !check(); minute++) {
    s.advance(60_000)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  await until(check, what, DEADLINE_MS)
}

describe('ObserverSocket against the simulator', { timeout: 60_000 }, () => {
  it('gets session_info first, then the live frames, and ends after session_end and 1000', async () => {
    const s = await simulator()
    const callSid = await advanceToLiveCall(s)
    const recorded = observe(s.baseUrl, callSid)
    await until(() => recorded.frames.length > 0, 'session_info', DEADLINE_MS)
    await playUntil(s, () => recorded.statuses.at(-1)?.state === 'ended', 'the end of the call')
    expect(frameTypes(recorded.frames)[0]).toBe('session_info')
    expect(frameTypes(recorded.frames).at(-1)).toBe('session_end')
    expect(recorded.frames.map((frame) => frame.raw)).toEqual(sentTo(s, callSid))
    expect(recorded.frames.every((frame) => frame.callSid === callSid)).toBe(true)
    expect(recorded.frames.every((frame) => frame.result.kind === 'event')).toBe(true)
    expect(states(recorded.statuses)).toEqual(['connecting', 'connected', 'ended'])
    expect(recorded.gaps).toEqual([])
    expect(recorded.socket.running).toBe(false)
  })

  it.each<[KeyState, number, string, RegExp]>([
    ['expired', 4100, 'key_expired', /expired.*renew/],
    ['no-observer-access', 4003, 'forbidden', /observer access/],
    ['revoked', 4403, 'credentials_rejected', /unknown or revoked/],
  ])(
    'stops for good on a %s key (%i) with a status saying why',
    async (key, code, reason, message) => {
      const s = await simulator()
      const callSid = await advanceToLiveCall(s)
      s.setKeyState(key)
      const recorded = observe(s.baseUrl, callSid)
      await until(() => recorded.statuses.at(-1)?.state === 'stopped', 'a stop', DEADLINE_MS)
      await new Promise((resolve) => setTimeout(resolve, 100)) // 10 simulated seconds
      // The platform completes the upgrade, then closes with the code: one attempt, no retry.
      expect(states(recorded.statuses)).toEqual(['connecting', 'connected', 'stopped'])
      const stopped = recorded.statuses.at(-1)
      expect(stopped).toMatchObject({ state: 'stopped', reason, closeCode: code })
      expect(stopped?.state === 'stopped' && stopped.message).toMatch(message)
      expect(recorded.frames).toEqual([])
    },
  )

  it('retries 4004 (a call not registered yet) with backoff, and gives up after the limit', async () => {
    const s = await simulator()
    const recorded = observe(s.baseUrl, `CA${'0'.repeat(32)}`, { maxUnknownCallRetries: 2 })
    await until(() => recorded.statuses.at(-1)?.state === 'stopped', 'giving up', DEADLINE_MS)
    const waits = recorded.statuses.filter((status) => status.state === 'reconnecting')
    expect(waits).toMatchObject([
      { reason: 'unknown_call', closeCode: 4004, attempt: 1 },
      { reason: 'unknown_call', closeCode: 4004, attempt: 2 },
    ])
    expect(recorded.statuses.at(-1)).toMatchObject({ reason: 'unknown_call', closeCode: 4004 })
  })

  it('reports a gap when the connection is cut mid-call, then reconnects', async () => {
    const s = await simulator({ faults: { dropObserverEvery: 6 } })
    const callSid = await advanceToLiveCall(s)
    const recorded = observe(s.baseUrl, callSid)
    await until(() => recorded.frames.length > 0, 'session_info', DEADLINE_MS)
    await playUntil(s, () => recorded.gaps.length >= 2, 'two gaps')
    expect(recorded.gaps.every((gap) => gap === callSid)).toBe(true)
    const waits = recorded.statuses.filter((status) => status.state === 'reconnecting')
    expect(waits[0]).toMatchObject({ reason: 'connection_lost', closeCode: null })
    // Every connection starts with the snapshot.
    const types = frameTypes(recorded.frames)
    expect(types.filter((type) => type === 'session_info').length).toBeGreaterThanOrEqual(2)
  })

  it('reports nothing after stop() resolves', async () => {
    const s = await simulator()
    const callSid = await advanceToLiveCall(s)
    const recorded = observe(s.baseUrl, callSid)
    await until(() => recorded.frames.length > 0, 'session_info', DEADLINE_MS)
    await recorded.socket.stop()
    const [frames, statuses] = [recorded.frames.length, recorded.statuses.length]
    expect(recorded.statuses.at(-1)).toMatchObject({ state: 'stopped', reason: 'closed' })
    s.advance(5 * 60_000)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect([recorded.frames.length, recorded.statuses.length]).toEqual([frames, statuses])
  })
})

describe('ObserverSocket against a bare server', { timeout: 60_000 }, () => {
  it('tears down a half-open connection when no pong comes back, and reconnects', async () => {
    server = await startRawWsServer(() => undefined, { autoPong: false })
    const recorded = observe(server.baseUrl, 'CA1', { pingIntervalMs: 20_000 })
    await until(() => server !== null && server.sockets.length >= 2, 'a reconnect', DEADLINE_MS)
    const waits = recorded.statuses.filter((status) => status.state === 'reconnecting')
    expect(waits[0]).toMatchObject({ reason: 'half_open', closeCode: null })
  })

  it('keeps a connection whose pongs come back', async () => {
    server = await startRawWsServer(() => undefined)
    const recorded = observe(server.baseUrl, 'CA1', { pingIntervalMs: 5000 })
    await new Promise((resolve) => setTimeout(resolve, 500)) // ten pings
    expect(server.sockets).toHaveLength(1)
    expect(states(recorded.statuses)).toEqual(['connecting', 'connected'])
  })

  it.each([4029, 1013])('waits at least 5 s after %i, then reconnects', async (code) => {
    server = await startRawWsServer((socket, n) => {
      if (n === 0) socket.close(code, 'slow down')
    })
    const recorded = observe(server.baseUrl, 'CA1', { random: () => 0 })
    await until(() => server !== null && server.sockets.length === 2, 'a reconnect', DEADLINE_MS)
    const [wait] = recorded.statuses.filter((status) => status.state === 'reconnecting')
    expect(wait).toMatchObject({ reason: 'rate_limited', closeCode: code, delayMs: 5000 })
  })

  it('stops when the upgrade itself is answered with HTTP 401 (a gateway in front)', async () => {
    const http = await startRawSseServer((response) => {
      response.writeHead(401, { 'Content-Type': 'application/json' }).end('{"detail":"no"}')
    })
    try {
      const recorded = observe(http.baseUrl, 'CA1')
      await until(() => recorded.statuses.at(-1)?.state === 'stopped', 'a stop', DEADLINE_MS)
      expect(recorded.statuses.at(-1)).toMatchObject({
        reason: 'credentials_rejected',
        closeCode: null,
      })
      expect(http.requests).toHaveLength(1)
    } finally {
      await http.close()
    }
  })

  it('refuses to connect with a key that is not a subprotocol token', async () => {
    server = await startRawWsServer(() => undefined)
    const recorded = observe(server.baseUrl, 'CA1', { apiKey: 'key with spaces' })
    expect(recorded.statuses).toEqual([
      expect.objectContaining({ state: 'stopped', reason: 'invalid_api_key', closeCode: null }),
    ])
    const stopped = recorded.statuses[0]
    expect(stopped?.state === 'stopped' && stopped.message).not.toContain('key with spaces')
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(server.sockets).toHaveLength(0)
    expect(recorded.socket.running).toBe(false)
  })
})
