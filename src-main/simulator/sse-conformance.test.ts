import { afterEach, describe, expect, it } from 'vitest'
import { workspaceEventSchemas, workspaceEventTypes } from '../core/events'
import { eventTypeOf } from '../core/events/catalog'
import { startSimulator, type Simulator, type SimulatorOptions } from './simulator'
import { openRawStream, until, type RawSseFrame } from './testing/raw-clients'

const schemaByType = new Map(workspaceEventSchemas.map((s) => [eventTypeOf(s, 'event_type'), s]))
const EPOCH = Date.UTC(2026, 10, 21, 9, 0, 0)

let sim: Simulator | null = null
afterEach(async () => {
  await sim?.close()
  sim = null
})

async function simulator(options: SimulatorOptions = {}): Promise<Simulator> {
  sim = await startSimulator({ clock: 'manual', epochMs: EPOCH, seed: 7, ...options })
  return sim
}

function streamPath(s: Simulator): string {
  return `/v1/${s.workspaceId}/events/stream`
}

function auth(s: Simulator, extra: Record<string, string> = {}): Record<string, string> {
  return { Authorization: `Bearer ${s.apiKey}`, ...extra }
}

function events(frames: RawSseFrame[]): RawSseFrame[] {
  return frames.filter((frame) => frame.event !== undefined && frame.id !== '0')
}

describe('workspace SSE stream (spec 2.2, 2.3)', () => {
  it('refuses a missing or wrong bearer key with 401, and an unknown workspace with 404', async () => {
    const s = await simulator()
    expect((await openRawStream(s.baseUrl, streamPath(s), {})).status).toBe(401)
    const wrong = await openRawStream(s.baseUrl, streamPath(s), { Authorization: 'Bearer nope' })
    expect(wrong.status).toBe(401)
    const other = await openRawStream(s.baseUrl, '/v1/0000/events/stream', auth(s))
    expect(other.status).toBe(404)
  })

  it('opens with retry: 3000, then the stream.opened control frame with id 0', async () => {
    const s = await simulator({ maxStreams: 7 })
    const stream = await openRawStream(s.baseUrl, streamPath(s), auth(s))
    expect(stream.status).toBe(200)
    expect(stream.headers['content-type']).toMatch(/^text\/event-stream/)
    await until(() => stream.frames().length >= 2, 'the opening frames')
    expect(stream.text().startsWith('retry: 3000\n\n')).toBe(true)
    const [, opened] = stream.frames()
    expect(opened?.id).toBe('0')
    expect(opened?.event).toBe('stream.opened')
    expect(JSON.parse(opened?.data ?? '')).toMatchObject({
      code: 'ok',
      max_streams_per_workspace: 7,
    })
    stream.close()
  })

  it('frames each event with a strictly increasing millisecond id, its type, and data without event_type', async () => {
    const s = await simulator()
    const stream = await openRawStream(s.baseUrl, streamPath(s), auth(s))
    await until(() => stream.frames().length >= 2, 'the opening frames')
    s.advance(10 * 60_000)
    await until(() => events(stream.frames()).length > 100, 'ten minutes of events')
    let previous = 0
    for (const frame of events(stream.frames())) {
      const id = Number(frame.id)
      expect(Number.isInteger(id) && id > previous, `id ${frame.id} after ${previous}`).toBe(true)
      expect(id).toBeGreaterThanOrEqual(EPOCH)
      previous = id
      const payload = JSON.parse(frame.data ?? '') as Record<string, unknown>
      expect(payload).not.toHaveProperty('event_type')
      const schema = schemaByType.get(frame.event ?? '')
      expect(schema, `a catalog type: ${frame.event}`).toBeDefined()
      expect(schema?.safeParse({ ...payload, event_type: frame.event }).success).toBe(true)
    }
    stream.close()
  })

  it('sends heartbeat comments at the configured interval', async () => {
    const s = await simulator({ heartbeatMs: 20 })
    const stream = await openRawStream(s.baseUrl, streamPath(s), auth(s))
    await until(
      () => stream.frames().some((f) => f.comment?.startsWith('heartbeat ')),
      'a heartbeat',
    )
    const heartbeat = stream.frames().find((f) => f.comment !== undefined)
    expect(heartbeat?.comment).toMatch(/^heartbeat \d{10}$/)
    stream.close()
  })

  it('replays exactly the buffered events newer than Last-Event-ID, in order', async () => {
    const s = await simulator()
    const first = await openRawStream(s.baseUrl, streamPath(s), auth(s))
    await until(() => first.frames().length >= 2, 'the opening frames')
    s.advance(60_000)
    await until(() => events(first.frames()).length >= 10, 'some events')
    first.close()
    const seen = events(first.frames())
    const resumeFrom = seen[4]?.id ?? ''
    await until(() => s.streamCount() === 0, 'the first stream to close')
    s.advance(60_000) // events published while nobody listens
    const published = s.log.frames.filter((f) => f.stream === 'workspace' && f.kind === 'event')
    const second = await openRawStream(
      s.baseUrl,
      streamPath(s),
      auth(s, { 'Last-Event-ID': resumeFrom }),
    )
    await until(() => s.streamCount() === 1, 'the second stream')
    const expected = s.log.frames
      .filter((f) => f.stream === 'workspace' && f.connection === 2 && f.kind === 'event')
      .map((f) => (f.stream === 'workspace' ? f.sseId : ''))
    expect(expected.length).toBeGreaterThan(seen.length - 5)
    await until(() => events(second.frames()).length >= expected.length, 'the replay')
    const replayed = events(second.frames()).map((f) => f.id)
    expect(replayed).toEqual(expected)
    expect(replayed[0]).toBe(seen[5]?.id)
    expect(Number(replayed[0])).toBeGreaterThan(Number(resumeFrom))
    expect(published.length).toBeGreaterThan(0)
    second.close()
  })

  it('keeps only the replay window: older events are not replayed', async () => {
    const s = await simulator({ replayWindowMs: 60_000 })
    const first = await openRawStream(s.baseUrl, streamPath(s), auth(s))
    await until(() => first.frames().length >= 2, 'the opening frames')
    s.advance(30_000)
    await until(() => events(first.frames()).length > 0, 'an event')
    const firstId = Number(events(first.frames())[0]?.id)
    first.close()
    await until(() => s.streamCount() === 0, 'the first stream to close')
    s.advance(5 * 60_000)
    const second = await openRawStream(s.baseUrl, streamPath(s), auth(s, { 'Last-Event-ID': '1' }))
    await until(() => events(second.frames()).length > 0, 'the replay')
    const oldest = Number(events(second.frames())[0]?.id)
    expect(oldest - firstId).toBeGreaterThan(4 * 60_000)
    second.close()
  })

  it('answers past the stream cap with the too_many_streams error frame, then ends', async () => {
    const s = await simulator({ maxStreams: 2 })
    const open = [
      await openRawStream(s.baseUrl, streamPath(s), auth(s)),
      await openRawStream(s.baseUrl, streamPath(s), auth(s)),
    ]
    await until(() => s.streamCount() === 2, 'two streams')
    const third = await openRawStream(s.baseUrl, streamPath(s), auth(s))
    await third.ended
    const error = third.frames().find((f) => f.event === 'error')
    expect(JSON.parse(error?.data ?? '')).toMatchObject({
      code: 'too_many_streams',
      max_streams: 2,
    })
    for (const stream of open) stream.close()
  })

  it('answers 429 with Retry-After while the rate-limit knob is set', async () => {
    const s = await simulator({ faults: { rateLimit: { remaining: 1, retryAfterSeconds: 7 } } })
    const limited = await openRawStream(s.baseUrl, streamPath(s), auth(s))
    expect(limited.status).toBe(429)
    expect(limited.headers['retry-after']).toBe('7')
    const next = await openRawStream(s.baseUrl, streamPath(s), auth(s))
    expect(next.status).toBe(200)
    next.close()
  })
})

describe('workspace SSE fault knobs', () => {
  it('writes CRLF and CR line endings when asked', async () => {
    for (const lineEnding of ['crlf', 'cr'] as const) {
      const s = await simulator({ faults: { lineEnding } })
      const stream = await openRawStream(s.baseUrl, streamPath(s), auth(s))
      s.advance(60_000)
      await until(() => events(stream.frames()).length > 3, 'events')
      expect(stream.text()).toContain(
        lineEnding === 'crlf' ? 'retry: 3000\r\n\r\n' : 'retry: 3000\r\r',
      )
      if (lineEnding === 'cr') expect(stream.text()).not.toContain('\n')
      stream.close()
      await s.close()
      sim = null
    }
  })

  it('splits frames at random byte boundaries, inside multi-byte characters too, losing nothing', async () => {
    const s = await simulator({ faults: { splitFrames: true } })
    const stream = await openRawStream(s.baseUrl, streamPath(s), auth(s))
    s.advance(10 * 60_000)
    const sent = () => s.log.frames.filter((f) => f.stream === 'workspace').length
    await until(() => stream.frames().length - 1 >= sent() && sent() > 100, 'every frame')
    const cutInsideCharacter = stream.chunks.some((chunk) => {
      const last = chunk.at(-1) ?? 0
      return last >= 0xc0 || (last & 0xc0) === 0x80
    })
    expect(cutInsideCharacter).toBe(true)
    const received = stream
      .frames()
      .filter((f) => f.event !== undefined)
      .map((f) => f.data)
    const logged = s.log.frames.flatMap((f) => (f.stream === 'workspace' ? [f.data] : []))
    expect(received).toEqual(logged)
    stream.close()
  })

  it('cuts the connection after every N events', async () => {
    const s = await simulator({ faults: { dropStreamEvery: 5 } })
    const stream = await openRawStream(s.baseUrl, streamPath(s), auth(s))
    s.advance(10 * 60_000)
    await stream.ended
    expect(events(stream.frames())).toHaveLength(5)
  })

  it('interrupts: cuts open streams and answers 503 until the outage ends', async () => {
    const s = await simulator({})
    const stream = await openRawStream(s.baseUrl, streamPath(s), auth(s))
    s.interruptStreams(60_000)
    await stream.ended
    expect((await openRawStream(s.baseUrl, streamPath(s), auth(s))).status).toBe(503)
    s.interruptStreams(0)
    const again = await openRawStream(s.baseUrl, streamPath(s), auth(s))
    expect(again.status).toBe(200)
    again.close()
  })

  it('can interrupt as an unreachable platform: no answer at all', async () => {
    const s = await simulator({})
    s.interruptStreams(60_000, 'unreachable')
    await expect(openRawStream(s.baseUrl, streamPath(s), auth(s))).rejects.toThrow()
  })

  it('gives every Nth event the id of the event before it when asked (two events, one millisecond)', async () => {
    const s = await simulator({ faults: { shareIdEvery: 4 } })
    const stream = await openRawStream(s.baseUrl, streamPath(s), auth(s))
    s.advance(5 * 60_000)
    await until(() => events(stream.frames()).length >= 20, 'events')
    const ids = events(stream.frames())
      .slice(0, 20)
      .map((frame) => Number(frame.id))
    const repeats = ids.filter((id, index) => index > 0 && id === ids[index - 1])
    expect(repeats).toHaveLength(5)
    expect(ids.every((id, index) => index === 0 || id >= (ids[index - 1] ?? 0))).toBe(true)
    stream.close()
  })

  it('publishes a malformed frame after every N events, under a known type and its own id', async () => {
    const s = await simulator({ faults: { malformedEvery: 3 } })
    const stream = await openRawStream(s.baseUrl, streamPath(s), auth(s))
    s.advance(5 * 60_000)
    await until(() => events(stream.frames()).length >= 20, 'events')
    const frames = events(stream.frames()).slice(0, 20)
    const broken = frames.filter((frame) => {
      const schema = schemaByType.get(frame.event ?? '')
      try {
        const payload = JSON.parse(frame.data ?? '') as object
        return !schema?.safeParse({ ...payload, event_type: frame.event }).success
      } catch {
        return true
      }
    })
    expect(broken.length).toBe(Math.floor(frames.length / 4))
    expect(workspaceEventTypes).toContain(broken[0]?.event)
    stream.close()
  })
})
