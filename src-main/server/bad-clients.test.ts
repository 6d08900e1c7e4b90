import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { once } from 'node:events'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { AppHandlers, AppState, PushMessage } from '../api'
import type { SocketReply } from '../api/socket-protocol'
import { startBrowserModeServer, type BrowserModeServer } from './browser-mode-server'
import { encodeFrame, rawRequest, upgradeRequest } from './testing/raw-websocket'

// A client that breaks the WebSocket protocol (or HTTP itself) is closed, and nothing else
// notices: not the process (no uncaught exception), not the other clients, not the recording.

const TOKEN = 'bad-clients-token-0123456789abcdefghijklmno'

const state: AppState = {
  setup: 'none',
  workspace: null,
  keyProtection: 'this-run-only',
  warnings: [],
  transport: 'browser',
}

/** Each with the close code the server answers it with (RFC 6455 7.4.1). */
const badFrames: readonly { name: string; bytes: () => Buffer; code: number }[] = [
  {
    name: 'a masked text frame of 1.1 MiB (over the 1 MiB limit)',
    code: 1009,
    bytes: () => encodeFrame({ opcode: 0x1, payload: Buffer.alloc(1.1 * 1024 * 1024, 0x61) }),
  },
  {
    name: 'a text frame that is not UTF-8 (0xC3 0x28)',
    code: 1007,
    bytes: () => encodeFrame({ opcode: 0x1, payload: Buffer.from([0xc3, 0x28]) }),
  },
  {
    name: 'an unmasked text frame',
    code: 1002,
    bytes: () => encodeFrame({ opcode: 0x1, payload: Buffer.from('{"id":1}'), masked: false }),
  },
  {
    name: 'a frame with the reserved opcode 0x3',
    code: 1002,
    bytes: () => encodeFrame({ opcode: 0x3, payload: Buffer.from('hi') }),
  },
]

describe('the browser-mode server survives bad clients', () => {
  let dir: string
  let server: BrowserModeServer
  let cookie: string
  const listeners = new Set<(message: PushMessage) => void>()
  const uncaught: unknown[] = []
  const onUncaught = (error: unknown) => uncaught.push(error)
  let good: WebSocket
  let nextId = 1

  /** One round trip and one push on the well-behaved client. */
  async function goodClientStillServed(): Promise<void> {
    const id = nextId++
    const replies: SocketReply[] = []
    const wanted = new Promise<void>((resolve) => {
      const onMessage = (data: Buffer) => {
        replies.push(JSON.parse(data.toString()) as SocketReply)
        if (replies.length === 2) {
          good.off('message', onMessage)
          resolve()
        }
      }
      good.on('message', onMessage)
    })
    good.send(JSON.stringify({ id, method: 'app.getState' }))
    for (const listener of listeners) {
      listener({ event: 'connection.status', payload: { state: 'connecting' } })
    }
    await wanted
    expect(replies).toContainEqual({ id, result: { ok: true, value: state } })
    expect(replies).toContainEqual({
      push: { event: 'connection.status', payload: { state: 'connecting' } },
    })
  }

  beforeAll(async () => {
    process.on('uncaughtException', onUncaught)
    dir = await mkdtemp(join(tmpdir(), 'co-bad-clients-'))
    await writeFile(join(dir, 'index.html'), '<!doctype html>')
    server = await startBrowserModeServer({
      rendererDir: dir,
      token: TOKEN,
      api: {
        handlers: { 'app.getState': () => Promise.resolve(state) } as unknown as AppHandlers,
        subscribe: (listener) => {
          listeners.add(listener)
          return () => listeners.delete(listener)
        },
      },
    })
    cookie = `call_observer_${server.port}=${TOKEN}`
    good = new WebSocket(`ws://127.0.0.1:${server.port}/api`, {
      headers: { Origin: server.origin, Cookie: cookie },
    })
    await once(good, 'open')
  })

  beforeEach(() => {
    uncaught.length = 0
  })

  afterAll(async () => {
    good.close()
    await server.close()
    await rm(dir, { recursive: true, force: true })
    process.off('uncaughtException', onUncaught)
  })

  it.each(badFrames)('closes a client that sends $name', async ({ bytes, code }) => {
    const bad = await rawRequest(
      server.port,
      upgradeRequest(server.port, { Origin: server.origin, Cookie: cookie }),
    )
    expect(bad.statusLine).toBe('HTTP/1.1 101 Switching Protocols')
    bad.socket.write(bytes())
    await bad.closed
    expect(bad.closeCode()).toBe(code)
    await goodClientStillServed()
    expect(uncaught).toEqual([])
  })

  it('answers a line that is not HTTP with 400 and closes that connection', async () => {
    const bad = await rawRequest(server.port, 'HELLO THERE\r\nthis is not http')
    expect(bad.statusLine).toBe('HTTP/1.1 400 Bad Request')
    await bad.closed
    await goodClientStillServed()
    expect(uncaught).toEqual([])
  })

  it.each([
    { name: 'accepted', status: 'HTTP/1.1 101 Switching Protocols', cookie: true },
    { name: 'refused for want of the token', status: 'HTTP/1.1 401 Unauthorized', cookie: false },
  ])(
    'shrugs off a client that resets the connection once its upgrade is $name',
    async ({ status, cookie: withCookie }) => {
      const headers: Record<string, string> = { Origin: server.origin }
      if (withCookie) headers.Cookie = cookie
      const bad = await rawRequest(server.port, upgradeRequest(server.port, headers))
      expect(bad.statusLine).toBe(status)
      // Before our answer's end reaches the client: the server's socket is still open to read,
      // and it now fails with ECONNRESET.
      bad.socket.resetAndDestroy()
      await bad.closed
      await goodClientStillServed()
      expect(uncaught).toEqual([])
    },
  )

  it('shrugs off a client that resets the connection right after its upgrade request', async () => {
    const socket = connect({ host: '127.0.0.1', port: server.port })
    socket.on('error', () => undefined)
    await once(socket, 'connect')
    socket.write(`${upgradeRequest(server.port, { Origin: server.origin })}\r\n\r\n`)
    socket.resetAndDestroy()
    await once(socket, 'close')
    await goodClientStillServed()
    expect(uncaught).toEqual([])
  })
})
