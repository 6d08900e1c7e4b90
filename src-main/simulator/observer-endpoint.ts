import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import type { ObserverEvent } from '../core/events'
import { isEvery, type Faults } from './faults'
import type { FrameLog } from './frame-log'

/** The observer close codes of spec 3.5 that the simulated platform sends. */
export const ObserverClose = {
  Normal: 1000,
  MissingAuth: 4001,
  Forbidden: 4003,
  UnknownCall: 4004,
  TokenExpired: 4100,
  AuthRejected: 4403,
} as const

/** Why an observer may not watch a call, as a close code; null when it may. */
export type ObserverAdmission = (key: string | null, callSid: string) => number | null

interface ObserverConnection {
  id: number
  callSid: string
  socket: WebSocket
  framesSent: number
}

/** The second value of `Sec-WebSocket-Protocol: auth, <token>` (spec 3.2), or null. */
function tokenFrom(request: IncomingMessage): string | null {
  const values = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((v) => v.trim())
  return values[0] === 'auth' && values[1] ? values[1] : null
}

/**
 * `/v1/{workspace_id}/observers/{call_sid}/ws`: accepts the `auth` subprotocol, checks the key and
 * the call, sends `session_info` on every connect and then the call's live frames. Like the
 * platform it never replays what a late or reconnecting observer missed.
 */
export class ObserverEndpoint {
  readonly #server = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) => (protocols.has('auth') ? 'auth' : false),
  })
  readonly #connections = new Set<ObserverConnection>()
  #nextConnectionId = 1

  constructor(
    readonly options: {
      log: FrameLog
      faults: Faults
      admit: ObserverAdmission
      /** The snapshot for a newly connected observer. */
      sessionInfo: (callSid: string) => ObserverEvent | null
      /** Send payloads nested under `data` (the docs' envelope) instead of flat (the OpenAPI's). */
      nestedEnvelope: () => boolean
    },
  ) {}

  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer, callSid: string): void {
    this.#server.handleUpgrade(request, socket, head, (ws) => {
      const refusal = this.options.admit(tokenFrom(request), callSid)
      if (refusal !== null) {
        ws.close(refusal, closeReason(refusal))
        return
      }
      const connection: ObserverConnection = {
        id: this.#nextConnectionId++,
        callSid,
        socket: ws,
        framesSent: 0,
      }
      this.#connections.add(connection)
      ws.once('close', () => this.#connections.delete(connection))
      const info = this.options.sessionInfo(callSid)
      if (info) this.#send(connection, info)
    })
  }

  /** Sends a call's frame to everyone observing that call right now. */
  send(callSid: string, event: ObserverEvent): void {
    for (const connection of this.#connections) {
      if (connection.callSid === callSid) this.#send(connection, event)
    }
  }

  /** The call is over: its observers are closed normally, after the frames already sent. */
  endCall(callSid: string): void {
    for (const connection of this.#connections) {
      if (connection.callSid === callSid)
        connection.socket.close(ObserverClose.Normal, 'session ended')
    }
  }

  #send(connection: ObserverConnection, event: ObserverEvent): void {
    if (connection.socket.readyState !== connection.socket.OPEN) return
    const { type, ...payload } = event
    const text = JSON.stringify(this.options.nestedEnvelope() ? { type, data: payload } : event)
    connection.socket.send(text)
    this.options.log.record({
      stream: 'observer',
      connection: connection.id,
      callSid: connection.callSid,
      type,
      text,
    })
    connection.framesSent++
    if (isEvery(connection.framesSent, this.options.faults.dropObserverEvery)) {
      this.#connections.delete(connection)
      // No close frame: the TCP connection just ends, as when a network path dies mid-call.
      connection.socket.terminate()
    }
  }

  close(): Promise<void> {
    for (const connection of this.#connections) connection.socket.terminate()
    this.#connections.clear()
    return new Promise((resolve) => {
      this.#server.close(() => {
        resolve()
      })
    })
  }
}

function closeReason(code: number): string {
  switch (code) {
    case ObserverClose.MissingAuth:
      return 'missing auth subprotocol'
    case ObserverClose.Forbidden:
      return 'key has no access to observers'
    case ObserverClose.UnknownCall:
      return 'unknown call'
    case ObserverClose.TokenExpired:
      return 'token expired'
    case ObserverClose.AuthRejected:
      return 'authentication rejected'
    default:
      return ''
  }
}
