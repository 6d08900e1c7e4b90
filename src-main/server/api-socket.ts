import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import type { AppHandlers, PushMessage } from '../api'
import { socketCloseCodes, type SocketReply, type SocketRequest } from '../api/socket-protocol'
import { dispatch } from '../core/service'

/** What browser mode serves over its WebSocket: the core's API (an `AppService`). */
export interface ApiHost {
  handlers: AppHandlers
  subscribe(listener: (message: PushMessage) => void): () => void
}

export interface ApiSocketOptions {
  /** A command failed unexpectedly (a bug): for the log, without PHI. */
  onUnexpected?: (method: string, error: unknown) => void
  /** Past this much unsent data a client is too slow: it is closed and reloads. Default 16 MiB. */
  maxBufferedBytes?: number
}

const MAX_REQUEST_BYTES = 1024 * 1024

function textOf(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8')
  if (Buffer.isBuffer(data)) return data.toString('utf8')
  return Buffer.from(new Uint8Array(data)).toString('utf8')
}

function parseRequest(data: RawData): SocketRequest | null {
  try {
    const value: unknown = JSON.parse(textOf(data))
    if (typeof value !== 'object' || value === null) return null
    const { id, method } = value as Record<string, unknown>
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || typeof method !== 'string') {
      return null
    }
    return { id, method, input: (value as Record<string, unknown>).input }
  } catch {
    return null
  }
}

/**
 * The API over a WebSocket: one request, one reply by id; pushes to every open client. The
 * caller authenticates the upgrade (token, Origin, Host) before handing it over.
 */
export class ApiSocket {
  readonly #host: ApiHost
  readonly #options: ApiSocketOptions
  readonly #server = new WebSocketServer({ noServer: true, maxPayload: MAX_REQUEST_BYTES })

  constructor(host: ApiHost, options: ApiSocketOptions = {}) {
    this.#host = host
    this.#options = options
    // In noServer mode ws emits nothing here today, but an 'error' without a listener would end
    // the process (and the recording with it): one bad connection must never do that.
    this.#server.on('error', () => undefined)
  }

  /** Takes over an authenticated upgrade request. */
  accept(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    // The raw socket can fail (a reset) before ws takes it and after it lets go of it; ws only
    // listens while it handles the handshake. A failed socket is simply gone.
    socket.on('error', () => {
      socket.destroy()
    })
    this.#server.handleUpgrade(request, socket, head, (client) => {
      this.#serve(client)
    })
  }

  /** Closes every client (they see "going away"). */
  close(): void {
    for (const client of this.#server.clients) {
      client.close(socketCloseCodes.goingAway, 'Call Observer is stopping')
    }
    this.#server.close()
  }

  #serve(client: WebSocket): void {
    const limit = this.#options.maxBufferedBytes ?? 16 * 1024 * 1024
    const send = (reply: SocketReply) => {
      if (client.readyState === client.OPEN) client.send(JSON.stringify(reply))
    }
    const unsubscribe = this.#host.subscribe((push) => {
      if (client.bufferedAmount > limit) {
        client.close(socketCloseCodes.tooSlow, 'Too far behind: reload')
        return
      }
      send({ push })
    })
    client.on('close', unsubscribe)
    // A frame that breaks the protocol (over maxPayload, invalid UTF-8, unmasked, a reserved
    // opcode): ws has already sent the close frame with the matching code (1009, 1007, 1002) and
    // ends the connection. Only this client is affected; without a listener the process would die.
    client.on('error', () => undefined)
    client.on('message', (data, isBinary) => {
      const request = isBinary ? null : parseRequest(data)
      if (request === null) {
        client.close(socketCloseCodes.badRequest, 'Not a request')
        return
      }
      void dispatch(this.#host.handlers, request.method, request.input, (method, error) => {
        this.#options.onUnexpected?.(method, error)
      }).then((result) => {
        send({ id: request.id, result })
      })
    })
  }
}
