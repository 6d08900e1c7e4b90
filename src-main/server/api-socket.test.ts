import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { AppHandlers, AppState, PushMessage } from '../api'
import type { SocketReply } from '../api/socket-protocol'
import { startBrowserModeServer, type BrowserModeServer } from './browser-mode-server'

// The browser-mode API socket: only our own pages, carrying this run's token, may use it.

const TOKEN = 'api-socket-token-0123456789abcdefghijklmnop'

const state: AppState = {
  setup: 'none',
  workspace: null,
  keyProtection: 'this-run-only',
  warnings: [],
  transport: 'browser',
}

type Outcome = { opened: true; socket: WebSocket } | { opened: false; status: number }

function connect(server: BrowserModeServer, headers: Record<string, string>): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${server.port}/api`, { headers })
    socket.once('open', () => {
      resolve({ opened: true, socket })
    })
    socket.once('unexpected-response', (_request, response) => {
      resolve({ opened: false, status: response.statusCode ?? 0 })
      socket.terminate()
    })
    socket.once('error', () => undefined)
  })
}

function nextReply(socket: WebSocket): Promise<SocketReply> {
  return new Promise((resolve) => {
    socket.once('message', (data: Buffer) => {
      resolve(JSON.parse(data.toString()) as SocketReply)
    })
  })
}

describe('the browser-mode API socket', () => {
  let dir: string
  let server: BrowserModeServer
  let cookie: string
  const listeners = new Set<(message: PushMessage) => void>()

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'co-api-socket-'))
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
  })

  afterAll(async () => {
    await server.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('refuses a connection without the token', async () => {
    expect(await connect(server, { Origin: server.origin })).toEqual({
      opened: false,
      status: 401,
    })
    expect(
      await connect(server, { Origin: server.origin, Cookie: `call_observer_${server.port}=no` }),
    ).toEqual({ opened: false, status: 401 })
  })

  it("refuses another site's page, even with the cookie", async () => {
    expect(await connect(server, { Origin: 'http://evil.example', Cookie: cookie })).toEqual({
      opened: false,
      status: 403,
    })
    expect(await connect(server, { Cookie: cookie })).toEqual({ opened: false, status: 403 })
  })

  it('answers commands by id and pushes events to our page', async () => {
    const outcome = await connect(server, { Origin: server.origin, Cookie: cookie })
    if (!outcome.opened) throw new Error(`refused with ${outcome.status}`)
    const { socket } = outcome
    try {
      const reply = nextReply(socket)
      socket.send(JSON.stringify({ id: 7, method: 'app.getState' }))
      expect(await reply).toEqual({ id: 7, result: { ok: true, value: state } })

      const unknown = nextReply(socket)
      socket.send(JSON.stringify({ id: 8, method: 'fs.readFile', input: '/etc/passwd' }))
      expect(await unknown).toMatchObject({ id: 8, result: { ok: false } })

      const pushed = nextReply(socket)
      for (const listener of listeners) {
        listener({ event: 'connection.status', payload: { state: 'connecting' } })
      }
      expect(await pushed).toEqual({
        push: { event: 'connection.status', payload: { state: 'connecting' } },
      })
    } finally {
      socket.close()
    }
  })

  it('closes a connection that sends something other than a request', async () => {
    const outcome = await connect(server, { Origin: server.origin, Cookie: cookie })
    if (!outcome.opened) throw new Error(`refused with ${outcome.status}`)
    const closed = new Promise<number>((resolve) => {
      outcome.socket.once('close', (code) => {
        resolve(code)
      })
    })
    outcome.socket.send('not json')
    expect(await closed).toBe(1008)
  })
})
