import { afterEach, describe, expect, it } from 'vitest'
import { until } from '../../simulator/testing/raw-clients'
import { openEventStream, startRawSseServer, type RawSseServer } from './testing/raw-sse-server'
import { recordStream, type RecordedStream } from './testing/stream-recorder'
import type { WorkspaceStreamStatus } from './workspace-stream-status'

// Edge cases the simulator does not produce, served by a bare HTTP server.

const DEADLINE_MS = 20_000
let server: RawSseServer | null = null
const streams: RecordedStream[] = []
afterEach(async () => {
  await Promise.all(streams.splice(0).map((recorded) => recorded.stream.stop()))
  await server?.close()
  server = null
})

function record(
  s: RawSseServer,
  options: Partial<Parameters<typeof recordStream>[0]> = {},
): RecordedStream {
  const recorded = recordStream({ baseUrl: s.baseUrl, workspaceId: 'w1', apiKey: 'k1', ...options })
  streams.push(recorded)
  return recorded
}

function reconnects(statuses: readonly WorkspaceStreamStatus[]) {
  return statuses.flatMap((status) => (status.state === 'reconnecting' ? [status] : []))
}

describe('WorkspaceStream edge cases', { timeout: 60_000 }, () => {
  it('reconnects when a server sends headers and then nothing (the watchdog)', async () => {
    server = await startRawSseServer((response) => {
      openEventStream(response)
    })
    const recorded = record(server, { watchdogMs: 10_000 })
    recorded.stream.start()
    await until(() => server !== null && server.requests.length >= 3, 'two reconnects', DEADLINE_MS)
    const waits = reconnects(recorded.statuses)
    expect(waits.length).toBeGreaterThanOrEqual(2)
    expect(waits.every((wait) => wait.reason === 'idle_timeout')).toBe(true)
  })

  it('does not trip the watchdog while heartbeat comments keep arriving', async () => {
    server = await startRawSseServer((response) => {
      openEventStream(response)
      const beat = setInterval(() => response.write(': heartbeat\n\n'), 20)
      response.on('close', () => {
        clearInterval(beat)
      })
    })
    // 100 ms of real time between checks, against a heartbeat every 20 ms.
    const recorded = record(server, { watchdogMs: 10_000 })
    recorded.stream.start()
    await new Promise((resolve) => setTimeout(resolve, 600))
    expect(server.requests).toHaveLength(1)
    expect(reconnects(recorded.statuses)).toEqual([])
  })

  it('honours retry:, reconnects after a clean EOF, and never resumes from a control frame id 0', async () => {
    server = await startRawSseServer((response, n) => {
      openEventStream(response)
      if (n > 0) return
      response.end(
        [
          'retry: 12000',
          '',
          'id: 0',
          'event: stream.opened',
          'data: {"code":"ok","connection_id":"c1"}',
          '',
          'id: 1767225600005',
          'event: call.ended',
          'data: {"call_sid":"CA1","completion_reason":"completed","direction":"inbound","duration_seconds":3}',
          '',
          'id: 1767225600006',
          'event: brand.new_event',
          'data: {"anything":1}',
          '',
          '',
        ].join('\n'),
      )
    })
    const recorded = record(server, { random: () => 0, cursor: () => null })
    recorded.stream.start()
    await until(() => server !== null && server.requests.length === 2, 'a reconnect', DEADLINE_MS)
    expect(recorded.frames.map((frame) => frame.result.kind)).toEqual(['event', 'unknown'])
    expect(recorded.frames.map((frame) => frame.raw.event)).toEqual([
      'call.ended',
      'brand.new_event',
    ])
    const [wait] = reconnects(recorded.statuses)
    expect(wait).toMatchObject({ reason: 'server_closed', delayMs: 12_000, attempt: 1 })
    expect(server.requests[0]?.['last-event-id']).toBeUndefined()
    expect(server.requests[1]?.['last-event-id']).toBe('1767225600005')
    expect(server.requests[1]?.authorization).toBe('Bearer k1')
  })

  it('retries a retryable error frame and a 5xx, and backs off further each time', async () => {
    server = await startRawSseServer((response, n) => {
      if (n === 0) {
        openEventStream(response)
        response.end(
          'event: error\ndata: {"code":"stream_unavailable","message":"valkey down"}\n\n',
        )
      } else if (n === 1) {
        response.writeHead(503).end()
      } else {
        openEventStream(response)
      }
    })
    const recorded = record(server, { random: () => 0.999999 })
    recorded.stream.start()
    await until(() => server !== null && server.requests.length === 3, 'two retries', DEADLINE_MS)
    await until(
      () => recorded.statuses.filter((status) => status.state === 'connected').length === 2,
      'the third connection',
      DEADLINE_MS,
    )
    expect(reconnects(recorded.statuses)).toMatchObject([
      { reason: 'stream_error', detail: 'stream_unavailable', attempt: 1, delayMs: 6000 },
      { reason: 'server_error', detail: 'HTTP 503', attempt: 2, delayMs: 12000 },
    ])
    expect(recorded.frames).toEqual([])
  })

  it('stops on 403 and reports nothing after stop() resolves', async () => {
    server = await startRawSseServer((response) => {
      response.writeHead(403, { 'Content-Type': 'application/json' }).end('{"detail":"no"}')
    })
    const recorded = record(server)
    recorded.stream.start()
    await until(() => recorded.statuses.some((st) => st.state === 'stopped'), 'a stop', DEADLINE_MS)
    expect(recorded.statuses.at(-1)).toMatchObject({
      state: 'stopped',
      reason: 'credentials_rejected',
    })
    const count = recorded.statuses.length
    await recorded.stream.stop() // already stopped: a no-op
    expect(recorded.statuses).toHaveLength(count)
  })
})
