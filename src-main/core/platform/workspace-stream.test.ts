import { afterEach, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator, type SimulatorOptions } from '../../simulator/simulator'
import { openRawStream, until } from '../../simulator/testing/raw-clients'
import { higherEventId, resumeEventId } from './last-event-id'
import { recordStream, type RecordedStream } from './testing/stream-recorder'
import { sentWorkspaceFrames, uniqueSentFrames } from './testing/simulator-helpers'
import type { WorkspaceStreamFrame } from './workspace-stream-status'

const EPOCH = Date.UTC(2026, 10, 21, 9, 0, 0)
const DEADLINE_MS = 20_000

let sim: Simulator | null = null
const streams: RecordedStream[] = []
afterEach(async () => {
  await Promise.all(streams.splice(0).map((recorded) => recorded.stream.stop()))
  await sim?.close()
  sim = null
})

async function simulator(options: SimulatorOptions = {}): Promise<Simulator> {
  sim = await startSimulator({ clock: 'manual', epochMs: EPOCH, seed: 5, ...options })
  return sim
}

function record(s: Simulator, stored?: WorkspaceStreamFrame[]): RecordedStream {
  const recorded = recordStream({
    baseUrl: s.baseUrl,
    workspaceId: s.workspaceId,
    apiKey: s.apiKey,
    stored,
  })
  streams.push(recorded)
  return recorded
}

function wire(frames: readonly WorkspaceStreamFrame[]): [string | null, string | null, string][] {
  return frames.map((frame) => [frame.raw.id, frame.raw.event, frame.raw.data])
}

function highestStored(recorded: RecordedStream): string | null {
  return recorded.stored.reduce<string | null>((high, f) => higherEventId(high, f.raw.id), null)
}

/** Plays the scenario in steps, letting the client catch up (reconnects included) after each. */
async function playInSteps(s: Simulator, recorded: RecordedStream, steps: number, stepMs: number) {
  for (let step = 0; step < steps; step++) {
    s.advance(stepMs)
    await until(
      () => recorded.stored.length === s.publishedCount(),
      `every frame after step ${step}`,
      DEADLINE_MS,
    )
  }
}

describe('WorkspaceStream against the simulator', { timeout: 60_000 }, () => {
  it('delivers every published frame in order, with the key in the Authorization header', async () => {
    const s = await simulator()
    const recorded = record(s)
    recorded.stream.start()
    await until(() => s.streamCount() === 1, 'the stream', DEADLINE_MS)
    s.advance(10 * 60_000)
    await until(() => recorded.frames.length === s.publishedCount(), 'every frame', DEADLINE_MS)
    expect(s.publishedCount()).toBeGreaterThan(200)
    const sent = sentWorkspaceFrames(s).map((f) => [f.sseId, f.event, f.data])
    expect(wire(recorded.frames)).toEqual(sent)
    expect(recorded.frames.every((frame) => frame.result.kind === 'event')).toBe(true)
    expect(recorded.frames.every((frame) => frame.result.sseId === frame.raw.id)).toBe(true)
    expect(recorded.statuses.slice(0, 2).map((status) => status.state)).toEqual([
      'connecting',
      'connected',
    ])
    expect(recorded.requests).toHaveLength(1)
    expect(recorded.requests[0]?.authorization).toBe(`Bearer ${s.apiKey}`)
    expect(recorded.requests[0]?.lastEventId).toBeNull()
  })

  it('resumes after dropped connections from one id before the highest stored, losing nothing', async () => {
    const s = await simulator({ faults: { dropStreamEvery: 7 } })
    const recorded = record(s)
    recorded.stream.start()
    await until(() => s.streamCount() === 1, 'the stream', DEADLINE_MS)
    await playInSteps(s, recorded, 30, 5000)
    expect(recorded.requests.length).toBeGreaterThan(5)
    expect(wire(recorded.stored)).toEqual(
      uniqueSentFrames(s).map((f) => [f.sseId, f.event, f.data]),
    )
    // Each resume asked from just below an id it held: the overlap came again and was kept once.
    const storedIds = new Set(recorded.stored.map((frame) => frame.raw.id))
    for (const request of recorded.requests.slice(1)) {
      expect(request.lastEventId).not.toBeNull()
      expect(storedIds.has((BigInt(request.lastEventId ?? '0') + 1n).toString())).toBe(true)
    }
    expect(recorded.frames.length).toBeGreaterThan(recorded.stored.length)
    const reasons = recorded.statuses.flatMap((st) =>
      st.state === 'reconnecting' ? [st.reason] : [],
    )
    expect(reasons.length).toBe(recorded.requests.length - 1)
    expect(
      reasons.every((reason) => reason === 'connection_lost' || reason === 'server_closed'),
    ).toBe(true)
  })

  it('resumes after stop and a restart from the stored cursor, with nothing lost in between', async () => {
    const s = await simulator()
    const first = record(s)
    first.stream.start()
    await until(() => s.streamCount() === 1, 'the stream', DEADLINE_MS)
    s.advance(60_000)
    await until(() => first.stored.length === s.publishedCount(), 'the first minute', DEADLINE_MS)
    await first.stream.stop()
    expect(first.statuses.at(-1)).toMatchObject({ state: 'stopped', reason: 'closed' })
    const deliveredBeforeStop = first.frames.length
    await until(() => s.streamCount() === 0, 'the stream to close', DEADLINE_MS)
    s.advance(120_000) // published while the app is closed, inside the replay window

    const second = record(s, [...first.stored])
    second.stream.start()
    await until(() => second.stored.length === s.publishedCount(), 'the replay', DEADLINE_MS)
    expect(second.requests[0]?.lastEventId).toBe(resumeEventId(highestStored(first)))
    expect(wire(second.stored)).toEqual(uniqueSentFrames(s).map((f) => [f.sseId, f.event, f.data]))
    expect(first.frames).toHaveLength(deliveredBeforeStop)
  })

  it.each(['lf', 'crlf', 'cr'] as const)(
    'reads split frames with %s line endings and delivers malformed frames as malformed',
    async (lineEnding) => {
      // With CR line endings a frame's closing CR may be the last byte of a read, and the parser
      // must wait for the next byte to know it is not half of a CRLF: the frame is dispatched
      // when the next bytes (a heartbeat at the latest) arrive. Frequent heartbeats keep it quick.
      const s = await simulator({
        heartbeatMs: 20,
        faults: { splitFrames: true, lineEnding, malformedEvery: 4 },
      })
      const recorded = record(s)
      recorded.stream.start()
      await until(() => s.streamCount() === 1, 'the stream', DEADLINE_MS)
      s.advance(5 * 60_000)
      await until(() => recorded.frames.length === s.publishedCount(), 'every frame', DEADLINE_MS)
      const sent = sentWorkspaceFrames(s)
      expect(wire(recorded.frames)).toEqual(sent.map((f) => [f.sseId, f.event, f.data]))
      const kinds = recorded.frames.map((frame) => frame.result.kind)
      expect(kinds).toEqual(sent.map((f) => (f.kind === 'malformed' ? 'malformed' : 'event')))
      expect(kinds.filter((kind) => kind === 'malformed').length).toBeGreaterThan(5)
      expect(recorded.requests).toHaveLength(1)
    },
  )
})

describe('WorkspaceStream stop conditions', { timeout: 60_000 }, () => {
  /** Long enough (in compressed time, about 20 simulated seconds) for any retry to show. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 200))

  it('stops on 401 with a clear status, without retrying', async () => {
    const s = await simulator()
    s.setKeyState('revoked')
    const recorded = record(s)
    recorded.stream.start()
    await until(() => recorded.statuses.some((st) => st.state === 'stopped'), 'a stop', DEADLINE_MS)
    await settle()
    expect(recorded.requests).toHaveLength(1)
    const stopped = recorded.statuses.at(-1)
    expect(stopped).toMatchObject({ state: 'stopped', reason: 'credentials_rejected' })
    expect(stopped?.state === 'stopped' && stopped.message).toMatch(/API key.*HTTP 401/)
    expect(recorded.stream.running).toBe(false)
  })

  it('stops on another 4xx (an unknown workspace) instead of hammering', async () => {
    const s = await simulator()
    const recorded = recordStream({ baseUrl: s.baseUrl, workspaceId: 'nope', apiKey: s.apiKey })
    streams.push(recorded)
    recorded.stream.start()
    await until(() => recorded.statuses.some((st) => st.state === 'stopped'), 'a stop', DEADLINE_MS)
    await settle()
    expect(recorded.requests).toHaveLength(1)
    expect(recorded.statuses.at(-1)).toMatchObject({ state: 'stopped', reason: 'request_rejected' })
  })

  it('waits at least Retry-After on 429, then connects', async () => {
    const s = await simulator({ faults: { rateLimit: { remaining: 2, retryAfterSeconds: 7 } } })
    const recorded = record(s)
    recorded.stream.start()
    await until(() => recorded.statuses.at(-1)?.state === 'connected', 'the stream', DEADLINE_MS)
    expect(recorded.requests.map((request) => request.status)).toEqual([429, 429, 200])
    const waits = recorded.statuses.filter((st) => st.state === 'reconnecting')
    expect(waits).toHaveLength(2)
    for (const wait of waits) {
      expect(wait).toMatchObject({ reason: 'rate_limited', detail: 'HTTP 429' })
      expect(wait.delayMs).toBeGreaterThanOrEqual(7000)
    }
  })

  it('stops on the too_many_streams error frame, without retrying', async () => {
    const s = await simulator({ maxStreams: 1 })
    const other = await openRawStream(s.baseUrl, `/v1/${s.workspaceId}/events/stream`, {
      Authorization: `Bearer ${s.apiKey}`,
    })
    await until(() => s.streamCount() === 1, 'the other stream', DEADLINE_MS)
    const recorded = record(s)
    recorded.stream.start()
    await until(() => recorded.statuses.some((st) => st.state === 'stopped'), 'a stop', DEADLINE_MS)
    await settle()
    expect(recorded.requests).toHaveLength(1)
    const stopped = recorded.statuses.at(-1)
    expect(stopped).toMatchObject({ state: 'stopped', reason: 'too_many_streams' })
    expect(stopped?.state === 'stopped' && stopped.message).toContain('(1)')
    expect(recorded.frames).toEqual([])
    other.close()
  })
})
