import { request, type IncomingHttpHeaders } from 'node:http'
import { WebSocket } from 'ws'

// Deliberately naive clients for conformance tests: node's http and a bare ws socket, not the app's
// own stream clients, so that a misunderstanding shared by app and simulator cannot hide.

export interface RawSseFrame {
  id?: string
  event?: string
  data?: string
  comment?: string
  retry?: string
}

/** Splits SSE text into messages, honouring LF, CRLF and CR line endings (WHATWG grammar). */
export function parseSseText(text: string): RawSseFrame[] {
  const frames: RawSseFrame[] = []
  let frame: RawSseFrame = {}
  let dataLines: string[] = []
  const lines = text.split(/\r\n|\r|\n/)
  lines.pop() // the text after the last line ending is an incomplete line
  for (const line of lines) {
    if (line === '') {
      if (dataLines.length > 0) frame.data = dataLines.join('\n')
      if (Object.keys(frame).length > 0) frames.push(frame)
      frame = {}
      dataLines = []
      continue
    }
    const colon = line.indexOf(':')
    const field = colon === -1 ? line : line.slice(0, colon)
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '')
    if (field === '') frame.comment = value
    else if (field === 'data') dataLines.push(value)
    else if (field === 'id' || field === 'event' || field === 'retry') frame[field] = value
  }
  return frames
}

export interface RawStream {
  status: number
  headers: IncomingHttpHeaders
  /** Every chunk as it arrived, undecoded. */
  chunks: Buffer[]
  /** All bytes so far, decoded as UTF-8. */
  text(): string
  frames(): RawSseFrame[]
  /** Resolves when the server ends or cuts the connection. */
  ended: Promise<void>
  close(): void
}

export function openRawStream(
  baseUrl: string,
  path: string,
  headers: Record<string, string>,
): Promise<RawStream> {
  return new Promise((resolve, reject) => {
    const req = request(`${baseUrl}${path}`, {
      headers: { Accept: 'text/event-stream', ...headers },
    })
    req.on('error', reject)
    req.on('response', (res) => {
      const chunks: Buffer[] = []
      let markEnded: () => void = () => undefined
      const ended = new Promise<void>((done) => {
        markEnded = done
      })
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', markEnded)
      res.on('close', markEnded)
      res.on('error', markEnded)
      const text = () => Buffer.concat(chunks).toString('utf8')
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        chunks,
        text,
        frames: () => parseSseText(text()),
        ended,
        close: () => req.destroy(),
      })
    })
    req.end()
  })
}

export function getJson(
  baseUrl: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: IncomingHttpHeaders; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(`${baseUrl}${path}`, { headers }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        text += chunk
      })
      res.on('end', () => {
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: JSON.parse(text) as unknown,
        })
      })
    })
    req.on('error', reject)
    req.end()
  })
}

export interface RawObserver {
  socket: WebSocket
  messages: string[]
  /** The close code and reason, once closed (1006 when the connection just died). */
  closed: Promise<{ code: number; reason: string }>
  /** Resolves when at least `count` messages have arrived. */
  waitForMessages(count: number): Promise<void>
}

export function openRawObserver(url: string, protocols: string[]): RawObserver {
  const socket = new WebSocket(url, protocols)
  const messages: string[] = []
  const waiters: { count: number; resolve: () => void }[] = []
  socket.on('message', (data: Buffer) => {
    messages.push(data.toString('utf8'))
    for (const waiter of waiters.filter((w) => messages.length >= w.count)) waiter.resolve()
  })
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.on('close', (code, reason) => {
      resolve({ code, reason: reason.toString() })
    })
    socket.on('error', () => undefined)
  })
  return {
    socket,
    messages,
    closed,
    waitForMessages: (count) =>
      messages.length >= count
        ? Promise.resolve()
        : new Promise((resolve) => waiters.push({ count, resolve })),
  }
}

/** Waits until `check` holds, polling on the event loop; fails after `ms` of real time. */
export async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}
