import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { until } from '../../simulator/testing/raw-clients'
import { ObserverPool, type ObserverBackfill } from './observer-pool'
import { PlatformClient } from './platform-client'
import { PlatformError } from './platform-errors'
import { acceleratedClock } from './testing/accelerated-clock'
import { frameTypes, recordObserver, type RecordedObserver } from './testing/observer-recorder'
import { startRawWsServer, type RawWsServer } from './testing/raw-ws-server'

// Observer messages and REST answers no real platform sends, from servers of the test's own:
// each is refused within the frame or body limit, said in words, and costs nothing else.

const DEADLINE_MS = 20_000
const CALL = 'CA0123456789abcdef0123456789abcdef'
const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function wsServer(
  onConnection: Parameters<typeof startRawWsServer>[0],
): Promise<RawWsServer> {
  const server = await startRawWsServer(onConnection)
  cleanups.push(() => server.close())
  return server
}

function observe(baseUrl: string, maxFrameBytes = 64 * 1024): RecordedObserver {
  const recorded = recordObserver({
    baseUrl,
    workspaceId: 'w1',
    apiKey: 'k1',
    callSid: CALL,
    limits: { maxFrameBytes, maxDepth: 64 },
  })
  cleanups.push(() => recorded.socket.stop())
  recorded.socket.start()
  return recorded
}

const info = JSON.stringify({ type: 'session_info', call_sid: CALL, duration_seconds: 3 })
const said = (text: string) => JSON.stringify({ type: 'user_transcript', transcript: text })

describe('observer messages past the limits', () => {
  it('refuses a message over the frame limit unread, quarantines a note of it, reconnects', async () => {
    const server = await wsServer((socket, n) => {
      socket.send(info)
      if (n > 0) {
        socket.send(said('after the reconnect'))
        return
      }
      socket.send(said('before'))
      socket.send(JSON.stringify({ type: 'agent_transcript', transcript: 'x'.repeat(200_000) }))
    })
    const recorded = observe(server.baseUrl)
    await until(() => frameTypes(recorded.frames).length >= 5, 'the frames', DEADLINE_MS)
    expect(frameTypes(recorded.frames)).toEqual([
      'session_info',
      'user_transcript',
      'malformed',
      'session_info',
      'user_transcript',
    ])
    const refused = recorded.frames[2]?.result
    expect(refused).toMatchObject({ kind: 'malformed', reason: 'too_large', raw: '' })
    expect(refused?.kind === 'malformed' && refused.detail).toMatch(/over the 65536-byte limit/)
    // A gap: what was said while it reconnected is the backfill's to fill in.
    expect(recorded.gaps).toEqual([CALL])
    expect(recorded.statuses.find((status) => status.state === 'reconnecting')).toMatchObject({
      reason: 'refused_message',
    })
  })

  it('refuses a text message that is not UTF-8, and goes on', async () => {
    const server = await wsServer((socket, n) => {
      socket.send(info)
      if (n === 0) socket.send(Buffer.from([0x7b, 0xc3, 0x28, 0x7d]), { binary: false })
    })
    const recorded = observe(server.baseUrl)
    await until(() => frameTypes(recorded.frames).length >= 3, 'the frames', DEADLINE_MS)
    expect(frameTypes(recorded.frames)).toEqual(['session_info', 'malformed', 'session_info'])
    expect(recorded.frames[1]?.result).toMatchObject({ reason: 'invalid_utf8' })
  })

  it('quarantines a message nested 5,000 levels deep without reconnecting', async () => {
    const deep = `{"type":"agent_transcript","transcript":"x","extra":${'['.repeat(5000)}${']'.repeat(5000)}}`
    const server = await wsServer((socket) => {
      socket.send(info)
      socket.send(deep)
      socket.send(said('still here'))
    })
    const recorded = observe(server.baseUrl)
    await until(() => recorded.frames.length >= 3, 'the frames', DEADLINE_MS)
    expect(frameTypes(recorded.frames)).toEqual(['session_info', 'malformed', 'user_transcript'])
    expect(recorded.frames[1]?.result).toMatchObject({ reason: 'too_deep', raw: deep })
    expect(server.sockets).toHaveLength(1)
  })
})

/** A REST server that answers every request 200 with what `answer` writes. */
async function restServer(
  answer: (path: string, response: ServerResponse) => void,
): Promise<string> {
  const server: Server = createServer((request, response) => {
    response.writeHead(200, { 'Content-Type': 'application/json' })
    answer(new URL(request.url ?? '/', 'http://x').pathname, response)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => {
          resolve()
        })
      }),
  )
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

describe('REST answers past the limits', () => {
  it('refuses an answer over the body limit while reading it, saying so in words', async () => {
    const baseUrl = await restServer((_path, response) => {
      // 8 MiB in pieces, with no Content-Length: the limit must hold while reading.
      const piece = Buffer.alloc(64 * 1024, 0x20)
      let written = 0
      const more = () => {
        while (written < 8 * 1024 * 1024) {
          written += piece.length
          if (!response.write(piece)) {
            response.once('drain', more)
            return
          }
        }
        response.end()
      }
      response.on('error', () => undefined)
      more()
    })
    const client = new PlatformClient({
      baseUrl,
      workspaceId: 'w1',
      apiKey: 'k1',
      maxBodyBytes: 1024 * 1024,
    })
    const error = await client.callDetail(CALL).then(
      () => null,
      (caught: unknown) => caught,
    )
    expect(error).toBeInstanceOf(PlatformError)
    expect((error as PlatformError).message).toBe(
      "Reading the call's record: the answer is larger than 1 MiB, the most read.",
    )
  })

  it('refuses an answer nested deeper than the limit, before parsing it', async () => {
    const baseUrl = await restServer((_path, response) => {
      response.end(`{"id":"x","call_analysis":${'['.repeat(5000)}${']'.repeat(5000)}}`)
    })
    const client = new PlatformClient({ baseUrl, workspaceId: 'w1', apiKey: 'k1' })
    await expect(client.callDetail(CALL)).rejects.toThrow(/nests deeper than 64 levels/)
  })

  it('reports a call record off its documented shape as a backfill failure, never silently', async () => {
    const baseUrl = await restServer((path, response) => {
      // `id`, the one required field, is missing.
      response.end(path.includes('/calls/') ? '{"call_sid":"CA1","turns":[]}' : '[]')
    })
    const failures: string[] = []
    const backfills: ObserverBackfill[] = []
    const pool = new ObserverPool({
      baseUrl,
      workspaceId: 'w1',
      apiKey: 'k1',
      clock: acceleratedClock(0.01),
      onFrame: () => undefined,
      onBackfill: (backfill) => backfills.push(backfill),
      onBackfillFailed: (_callSid, error) => failures.push(error.message),
    })
    cleanups.push(() => pool.close())
    // A call that ended before it was observed: its whole record is asked for.
    pool.handleWorkspaceEvent({
      event_type: 'call.ended',
      call_sid: CALL,
      completion_reason: 'completed',
      direction: 'inbound',
      duration_seconds: 30,
      escalated: false,
    })
    await until(() => failures.length > 0, 'the failure', DEADLINE_MS)
    expect(failures).toEqual([
      "Reading the call's record: the answer does not have the documented shape (id).",
    ])
    expect(backfills).toEqual([])
  })

  it('keeps the readable parts of a record and counts the rest', async () => {
    const baseUrl = await restServer((_path, response) => {
      response.end(
        JSON.stringify({
          id: 'e1',
          turns: [
            { id: 't0', user_transcript: 'I need a refill.', tool_calls: [{ duration_ms: 3 }] },
            'not a turn',
          ],
        }),
      )
    })
    const backfills: ObserverBackfill[] = []
    const pool = new ObserverPool({
      baseUrl,
      workspaceId: 'w1',
      apiKey: 'k1',
      clock: acceleratedClock(0.01),
      onFrame: () => undefined,
      onBackfill: (backfill) => backfills.push(backfill),
    })
    cleanups.push(() => pool.close())
    pool.completeBackfill(CALL)
    await until(() => backfills.length > 0, 'the backfill', DEADLINE_MS)
    // The caller's words are filled in; a turn and a tool call without its name are counted.
    expect(backfills[0]?.unreadable).toBe(2)
    expect(frameTypes(backfills[0]?.frames ?? [])).toEqual(['user_transcript'])
  })
})
