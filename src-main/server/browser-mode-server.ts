import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { apiSocketPath } from '../api'
import { ApiSocket, type ApiHost, type ApiSocketOptions } from './api-socket'
import { createLaunchToken, readCookie, tokensMatch } from './launch-token'
import { readStaticFile } from './static-files'

/**
 * Browser mode: the core serves the built renderer to a local browser, for machines where
 * Electron cannot run. It listens on loopback only, and every request must carry this run's
 * random launch token: once in the launch URL, which swaps it for a same-site cookie and drops it
 * from the address bar, then in that cookie.
 */
export interface BrowserModeOptions {
  /** The built renderer (`out/renderer`). */
  rendererDir: string
  /** 0 (the default) picks a free port. */
  port?: number
  /** Tests may fix the token; a real run always draws a fresh one. */
  token?: string
  /** The core's API, served over a WebSocket at `/api` to pages carrying the token. */
  api?: ApiHost & ApiSocketOptions
  /** A failure of the server itself (not of one client), for the log. */
  log?: (line: string) => void
}

export interface BrowserModeServer {
  /** The launch URL, token included: the one thing to open. */
  launchUrl: string
  origin: string
  port: number
  close(): Promise<void>
}

const HOST = '127.0.0.1'

const securityHeaders: Readonly<Record<string, string>> = {
  'Content-Security-Policy': [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; '),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
}

function send(response: ServerResponse, status: number, text: string, headers = {}): void {
  response.writeHead(status, {
    ...securityHeaders,
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
    ...headers,
  })
  response.end(text)
}

/**
 * Where the token swap sends the browser: the same path on this origin, token removed. Leading
 * slashes (and backslashes, which browsers read as slashes) collapse to one, because `//host/…`
 * is a network-path reference a browser would follow to another site (`/.//evil.example/` parses
 * to the path `//evil.example/`).
 */
export function ownOriginLocation(url: URL): string {
  return `/${url.pathname.replace(/^[/\\]+/, '')}${url.search}`
}

/** The answer to bytes that are not HTTP; the connection is then closed. */
const BAD_REQUEST = (() => {
  const body = 'Browser mode could not read this request.\n'
  return (
    'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n' +
    `Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n` +
    body
  )
})()

const REFUSED =
  "Call Observer refused this request: it does not carry this session's launch token.\n" +
  'Open the link that `npm start` (or `call-observer app`) printed when it started.\n'

export async function startBrowserModeServer(
  options: BrowserModeOptions,
): Promise<BrowserModeServer> {
  const token = options.token ?? createLaunchToken()
  let port = options.port ?? 0
  // Cookies are shared across ports of one host, so the name carries the port: two instances
  // side by side must not overwrite each other's session.
  const cookieName = () => `call_observer_${port}`

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      send(response, 405, 'Only GET and HEAD are served here.\n', { Allow: 'GET, HEAD' })
      return
    }
    // A page on another site can point a DNS name at 127.0.0.1 (DNS rebinding); such requests
    // arrive with that name in Host and are refused before the token is even looked at.
    if (!isOwnHost(request.headers.host)) {
      send(response, 421, 'Browser mode answers only on its loopback address.\n')
      return
    }
    const url = targetUrl(request.url)
    if (url === null) {
      send(response, 400, 'Browser mode serves paths only.\n')
      return
    }
    const presented = url.searchParams.get('token')
    if (presented !== null) {
      if (!tokensMatch(token, presented)) {
        send(response, 401, REFUSED)
        return
      }
      url.searchParams.delete('token')
      response.writeHead(303, {
        ...securityHeaders,
        'Set-Cookie': `${cookieName()}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        Location: ownOriginLocation(url),
        'Cache-Control': 'no-store',
      })
      response.end()
      return
    }
    if (!tokensMatch(token, readCookie(request.headers.cookie, cookieName()))) {
      send(response, 401, REFUSED)
      return
    }
    const file = await readStaticFile(options.rendererDir, url.pathname)
    if (!file) {
      send(response, 404, 'Not found.\n')
      return
    }
    response.writeHead(200, {
      ...securityHeaders,
      'Content-Type': file.contentType,
      'Content-Length': file.body.length,
      'Cache-Control': file.immutable ? 'private, max-age=31536000, immutable' : 'no-cache',
    })
    response.end(request.method === 'HEAD' ? undefined : file.body)
  }

  /**
   * The request target as a URL on this origin. Only a path is one: resolved against a base, a
   * target such as `//evil.example/` would read as another host, and an absolute URL is not ours.
   */
  function targetUrl(target: string | undefined): URL | null {
    if (target?.startsWith('/') !== true) return null
    try {
      return new URL(`http://${HOST}:${port}${target}`)
    } catch {
      return null
    }
  }

  function isOwnHost(host: string | undefined): boolean {
    return host === `${HOST}:${port}` || host === `localhost:${port}`
  }

  /**
   * The API socket is the app's whole power, so an upgrade must pass everything a page load
   * passes (Host, the token's cookie) and come from one of our own pages: a WebSocket is not
   * bound by the same-origin policy, so the browser's Origin header is checked as well.
   */
  function upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    // Node's HTTP server stops listening for the socket's errors once it is an upgrade: a client
    // that resets now (even while being refused) must not take the process down.
    socket.on('error', () => {
      socket.destroy()
    })
    const url = targetUrl(request.url)
    const host = request.headers.host
    let refusal: number | null = null
    if (!apiSocket || url?.pathname !== apiSocketPath) refusal = 404
    else if (!isOwnHost(host) || request.headers.origin !== `http://${host ?? ''}`) refusal = 403
    else if (!tokensMatch(token, readCookie(request.headers.cookie, cookieName()))) refusal = 401
    if (refusal !== null || !apiSocket) {
      const status = refusal ?? 404
      socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\n\r\n`)
      return
    }
    apiSocket.accept(request, socket, head)
  }

  const apiSocket = options.api ? new ApiSocket(options.api, options.api) : null
  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) send(response, 500, 'Browser mode failed to serve this file.\n')
      else response.destroy()
    })
  })
  // Bytes that are not HTTP (or a connection reset mid-request) concern that connection only.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy()
      return
    }
    socket.end(BAD_REQUEST, () => socket.destroy())
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, HOST, () => {
      server.off('error', reject)
      resolve()
    })
  })
  // After listening, an error of the server itself (out of file descriptors, say) is logged; it
  // must not end the process and the recording with it.
  server.on('error', (error: NodeJS.ErrnoException) => {
    options.log?.(`Browser mode's server reported an error: ${error.code ?? error.message}`)
  })
  server.on('upgrade', upgrade)
  port = (server.address() as AddressInfo).port
  const origin = `http://${HOST}:${port}`
  return {
    launchUrl: `${origin}/?token=${token}`,
    origin,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        apiSocket?.close()
        server.close((error) => {
          if (error) reject(error)
          else resolve()
        })
        server.closeAllConnections()
      }),
  }
}
