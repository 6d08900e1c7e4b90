import { createHash } from 'node:crypto'
import { once } from 'node:events'
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A platform of the test's own, written from the spec with `node:http` (not the simulator), that
 * serves its event stream with hostile frames between good ones: unknown and known events nested
 * 5,000 levels deep, a 64 MB line, a 5 MB payload, data that is not UTF-8, a NUL in an `id:`, and
 * a `retry:` far past any timer. The hostile test records it; the benchmark reports the
 * recorder's memory while the 64 MB line goes by.
 */
export interface HostilePlatform {
  baseUrl: string
  workspaceId: string
  apiKey: string
  /** The good frames sent, in order: every one must be stored once. */
  good: readonly { id: string; type: string; data: string }[]
  /** The hostile frames, by the reason quarantine must give, with their size and hash. */
  hostile: readonly {
    id: string
    reason: string
    byteLength: number | null
    sha256: string | null
  }[]
  /** Resolves once every frame is written (the stream then stays open with heartbeats). */
  sent: Promise<void>
  /** Stream connections accepted so far. */
  connections(): number
  close(): Promise<void>
}

export interface HostilePlatformOptions {
  /** The long line's size (default 64 MiB). */
  hugeLineBytes?: number
}

const WORKSPACE = '5f8e1c2a-7b3d-4e6f-9a0b-1c2d3e4f5a6b'
const KEY = 'sk_hostile_test_key_0123456789'
const FIRST_ID = 1_767_225_600_000

function nested(depth: number, inner: string): string {
  return '['.repeat(depth) + inner + ']'.repeat(depth)
}

/** Writes with backpressure: a 64 MB line must not sit in this process's memory either. */
async function write(response: ServerResponse, chunk: string | Buffer): Promise<void> {
  if (!response.write(chunk)) await once(response, 'drain')
}

export async function startHostilePlatform(
  options: HostilePlatformOptions = {},
): Promise<HostilePlatform> {
  const hugeBytes = options.hugeLineBytes ?? 64 * 1024 * 1024
  const good: { id: string; type: string; data: string }[] = []
  const hostile: HostilePlatform['hostile'][number][] = []
  let next = FIRST_ID
  const goodFrame = () => {
    const id = String(next++)
    const data = JSON.stringify({ surface_id: `surface-${id}` })
    good.push({ id, type: 'surface.updated', data })
    return `id: ${id}\nevent: surface.updated\ndata: ${data}\n\n`
  }
  /** What quarantine must report for a frame past the limit: its payload's length and hash. */
  const oversized = (id: string, payload: readonly (string | Buffer)[]) => {
    const hash = createHash('sha256')
    let length = 0
    for (const part of payload) {
      hash.update(part)
      length += Buffer.byteLength(part)
    }
    hostile.push({ id, reason: 'too_large', byteLength: length, sha256: hash.digest('hex') })
  }

  let resolveSent: () => void = () => undefined
  const sent = new Promise<void>((resolve) => {
    resolveSent = resolve
  })
  let connections = 0

  async function stream(response: ServerResponse): Promise<void> {
    response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' })
    await write(response, 'retry: 3000\n\nid: 0\nevent: stream.opened\ndata: {"code":"ok"}\n\n')
    if (connections > 1) return // a reconnect: nothing new to send
    await write(response, goodFrame())

    // An unknown type nested 5,000 levels (30 KB): a commit-breaker before the depth bound.
    const deepUnknown = String(next++)
    hostile.push({ id: deepUnknown, reason: 'too_deep', byteLength: null, sha256: null })
    await write(
      response,
      `id: ${deepUnknown}\nevent: platform.deep\ndata: {"x":${nested(5000, '1')}}\n\n`,
    )
    await write(response, goodFrame())

    // A known type with a deep extra field.
    const deepKnown = String(next++)
    hostile.push({ id: deepKnown, reason: 'too_deep', byteLength: null, sha256: null })
    await write(
      response,
      `id: ${deepKnown}\nevent: surface.updated\ndata: {"surface_id":"s","extra":${nested(5000, '0')}}\n\n`,
    )
    await write(response, goodFrame())

    // One line of `hugeBytes`, sent in 1 MiB pieces.
    const hugeId = String(next++)
    const piece = Buffer.alloc(1024 * 1024, 0x61)
    const pieces = Math.ceil(hugeBytes / piece.length)
    const parts = [Buffer.from('{"delta":"')]
    await write(response, `id: ${hugeId}\nevent: surface.updated\ndata: {"delta":"`)
    for (let i = 0; i < pieces; i++) {
      await write(response, piece)
      parts.push(piece)
    }
    await write(response, '"}\n\n')
    parts.push(Buffer.from('"}'))
    oversized(hugeId, parts)
    await write(response, goodFrame())

    // A 5 MB payload over several data lines.
    const bigId = String(next++)
    const line = 'b'.repeat(1000 * 1000)
    const bigParts = [
      `{"text":"${line}`,
      ...Array.from({ length: 4 }, () => `\ndata: ${line}`),
      '"}',
    ]
    // The payload: the data lines' values joined by LF.
    const bigPayload = [`{"text":"${line}`, ...Array.from({ length: 4 }, () => `\n${line}`), '"}']
    await write(response, `id: ${bigId}\nevent: surface.updated\ndata: `)
    for (const part of bigParts) await write(response, part)
    await write(response, '\n\n')
    oversized(bigId, bigPayload)
    await write(response, goodFrame())

    // Data that is not UTF-8.
    const badUtf8 = String(next++)
    hostile.push({ id: badUtf8, reason: 'invalid_utf8', byteLength: null, sha256: null })
    await write(
      response,
      Buffer.concat([
        Buffer.from(`id: ${badUtf8}\nevent: surface.updated\ndata: {"surface_id":"`),
        Buffer.from([0xc3, 0x28, 0xff]),
        Buffer.from('"}\n\n'),
      ]),
    )
    await write(response, goodFrame())

    // A NUL in the id: the standard ignores the field, so the frame would inherit an old id.
    hostile.push({ id: '', reason: 'invalid_id', byteLength: null, sha256: null })
    await write(
      response,
      `id: ${next}\u0000x\nevent: surface.updated\ndata: {"surface_id":"nul"}\n\n`,
    )
    // A retry no timer can hold (Node warns past 2^31 - 1 ms).
    await write(response, 'retry: 99999999999\n\n')
    await write(response, goodFrame())
    resolveSent()
    const beat = setInterval(() => response.write(': heartbeat\n\n'), 5000)
    response.on('close', () => {
      clearInterval(beat)
    })
  }

  const server = createServer((request, response) => {
    if (request.headers.authorization !== `Bearer ${KEY}`) {
      response.writeHead(401, { 'Content-Type': 'application/json' })
      response.end('{"detail":"Missing or invalid API key."}')
      return
    }
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname
    if (path === '/v1/auth/me') {
      response.writeHead(200, { 'Content-Type': 'application/json' })
      response.end(
        JSON.stringify({
          key_id: 'k1',
          name: 'hostile',
          workspace_id: WORKSPACE,
          expires_at: '2027-01-01T00:00:00Z',
          expires_in_seconds: 86_400,
        }),
      )
    } else if (path === `/v1/${WORKSPACE}/sessions/active`) {
      response.writeHead(200, { 'Content-Type': 'application/json' })
      response.end('[]')
    } else if (path === `/v1/${WORKSPACE}/events/stream`) {
      connections++
      stream(response).catch(() => {
        response.destroy()
      })
    } else {
      response.writeHead(404, { 'Content-Type': 'application/json' })
      response.end('{"detail":"Not Found"}')
    }
  })
  server.on('clientError', (_error, socket) => {
    socket.destroy()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    workspaceId: WORKSPACE,
    apiKey: KEY,
    good,
    hostile,
    sent,
    connections: () => connections,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => {
          resolve()
        })
      }),
  }
}
