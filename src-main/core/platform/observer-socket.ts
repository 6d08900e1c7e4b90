import type { IncomingMessage } from 'node:http'
import { WebSocket, type RawData } from 'ws'
import {
  DEFAULT_FRAME_LIMITS,
  normalizeObserverFrame,
  type FrameLimits,
  type ObserverResult,
} from '../events'
import { Backoff } from './backoff'
import { ReconnectSchedule } from './reconnect-schedule'
import { systemClock, type Clock } from './clock'
import { INVALID_KEY_MESSAGE, isSubprotocolToken, observerUrl } from './observer-auth'
import {
  classifyObserverClose,
  classifyUpgradeRefusal,
  UNKNOWN_CALL_MESSAGE,
  type ObserverCloseAction,
  type ObserverRetryReason,
  type ObserverStopReason,
} from './observer-close-policy'
import { parseRetryAfter } from './retry-after'

/** One frame from an observer socket, as the recorder receives it. */
export interface ObserverFrame {
  result: ObserverResult
  callSid: string
  /** From the socket's clock, epoch ms. */
  receivedAt: number
  /** The text frame exactly as received (may hold PHI). */
  raw: string
}

/** A message `ws` refused before it was read: what is known of it. */
type RefusedMessage = 'too_large' | 'invalid_utf8'

export type ObserverStatus =
  | { state: 'connecting' }
  | { state: 'connected'; since: number }
  | {
      state: 'reconnecting'
      attempt: number
      retryAt: number
      delayMs: number
      reason: ObserverRetryReason
      /** The close code, or null when there was none (an HTTP answer, a half-open teardown). */
      closeCode: number | null
    }
  /** The call's session is over (`session_end`, then close 1000): nothing more will come. */
  | { state: 'ended' }
  | { state: 'stopped'; reason: ObserverStopReason; closeCode: number | null; message: string }

export interface ObserverSocketOptions {
  baseUrl: string
  workspaceId: string
  apiKey: string
  callSid: string
  /** Must not throw. */
  onFrame: (frame: ObserverFrame) => void
  onStatus: (status: ObserverStatus) => void
  /** A connection that had delivered frames was lost before the session ended. */
  onGap?: (callSid: string) => void
  /** WebSocket ping interval (default 20 s); no pong by the next ping tears the socket down. */
  pingIntervalMs?: number
  /** The opening handshake's time limit (default 30 s). */
  handshakeTimeoutMs?: number
  /** Consecutive 4004 closes tolerated before giving up on the call (default 6, about a minute). */
  maxUnknownCallRetries?: number
  random?: () => number
  clock?: Clock
  /** The largest message read (default `DEFAULT_FRAME_LIMITS`): a bigger one is never buffered. */
  limits?: FrameLimits
}

/** Spec 3.5: the SDK's observer reconnect starts at 1 s. */
const OBSERVER_BACKOFF_FLOOR_MS = 1000
/** How long `stop()` waits for the server's closing handshake before cutting the connection. */
const CLOSE_TIMEOUT_MS = 2000

interface Connection {
  socket: WebSocket
  framesDelivered: number
  sessionEnded: boolean
  awaitingPong: boolean
  halfOpen: boolean
  upgradeRefusal: { status: number; retryAfterMs: number | null } | null
  refused: RefusedMessage | null
  cancelPing: () => void
}

/**
 * One call's observer WebSocket (spec 3): `auth, <key>` subprotocol, WebSocket ping/pong to find
 * half-open connections, the close-code policy of spec 3.5, and `onGap` when frames were lost (the
 * platform never replays, spec 3.6, so the pool backfills from REST).
 */
export class ObserverSocket {
  readonly callSid: string
  readonly #options: ObserverSocketOptions
  readonly #clock: Clock
  readonly #backoff: Backoff
  #running = false
  #connection: Connection | null = null
  readonly #reconnects: ReconnectSchedule
  #unknownCallRetries = 0

  constructor(options: ObserverSocketOptions) {
    this.#options = options
    this.callSid = options.callSid
    this.#clock = options.clock ?? systemClock
    this.#backoff = new Backoff({ floorMs: OBSERVER_BACKOFF_FLOOR_MS, random: options.random })
    this.#reconnects = new ReconnectSchedule(this.#backoff, this.#clock)
  }

  get running(): boolean {
    return this.#running
  }

  start(): void {
    if (this.#running) return
    if (!isSubprotocolToken(this.#options.apiKey)) {
      this.#options.onStatus(this.#stopped('invalid_api_key', null, INVALID_KEY_MESSAGE))
      return
    }
    this.#running = true
    this.#backoff.reset()
    this.#unknownCallRetries = 0
    this.#connect()
  }

  /** Closes the socket (cleanly, then by force after a timeout); nothing is reported afterwards. */
  async stop(): Promise<void> {
    if (!this.#running) return
    const connection = this.#connection
    this.#halt()
    this.#options.onStatus(this.#stopped('closed', null, 'The observer was stopped.'))
    if (connection) await closeGracefully(connection.socket, this.#clock)
  }

  #connect(): void {
    this.#options.onStatus({ state: 'connecting' })
    const { baseUrl, workspaceId, apiKey, callSid } = this.#options
    const socket = new WebSocket(observerUrl(baseUrl, workspaceId, callSid), ['auth', apiKey], {
      handshakeTimeout: this.#options.handshakeTimeoutMs ?? 30_000,
      // `ws` refuses a message past this from its header, before buffering any of it.
      maxPayload: this.#limits().maxFrameBytes,
    })
    const connection: Connection = {
      socket,
      framesDelivered: 0,
      sessionEnded: false,
      awaitingPong: false,
      halfOpen: false,
      upgradeRefusal: null,
      refused: null,
      cancelPing: () => undefined,
    }
    this.#connection = connection
    socket.on('open', () => {
      if (connection !== this.#connection) return
      this.#options.onStatus({ state: 'connected', since: this.#clock.now() })
      this.#schedulePing(connection)
    })
    socket.on('message', (data: RawData) => {
      this.#onMessage(connection, data)
    })
    socket.on('pong', () => {
      connection.awaitingPong = false
    })
    socket.on('unexpected-response', (_request, response: IncomingMessage) => {
      const retryAfter = response.headers['retry-after']
      connection.upgradeRefusal = {
        status: response.statusCode ?? 0,
        retryAfterMs: parseRetryAfter(retryAfter, this.#clock.now()),
      }
      response.resume()
      socket.terminate()
    })
    // Errors are followed by 'close', where the policy is applied; the listener keeps them from
    // being thrown. Their messages are not kept: they can quote server responses.
    socket.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') connection.refused = 'too_large'
      else if (error.code === 'WS_ERR_INVALID_UTF8') connection.refused = 'invalid_utf8'
    })
    socket.on('close', (code: number) => {
      this.#onClose(connection, code)
    })
  }

  #onMessage(connection: Connection, data: RawData): void {
    if (connection !== this.#connection) return
    const receivedAt = this.#clock.now()
    const raw = rawText(data)
    if (connection.framesDelivered === 0) {
      // Open plus a first message: a healthy connection, so the backoff starts over.
      this.#backoff.reset()
      this.#unknownCallRetries = 0
    }
    connection.framesDelivered++
    const result = normalizeObserverFrame(raw, this.#limits())
    if (result.kind === 'event' && result.event.type === 'session_end')
      connection.sessionEnded = true
    this.#options.onFrame({ result, callSid: this.callSid, receivedAt, raw })
  }

  #schedulePing(connection: Connection): void {
    connection.cancelPing = this.#clock.setTimer(this.#options.pingIntervalMs ?? 20_000, () => {
      if (connection !== this.#connection) return
      if (connection.awaitingPong) {
        // No pong since the last ping: the peer or the path is gone without a close. terminate()
        // rather than close(): a closing handshake would wait on the same dead connection.
        connection.halfOpen = true
        connection.socket.terminate()
        return
      }
      connection.awaitingPong = true
      connection.socket.ping()
      this.#schedulePing(connection)
    })
  }

  #limits(): FrameLimits {
    return this.#options.limits ?? DEFAULT_FRAME_LIMITS
  }

  #onClose(connection: Connection, code: number): void {
    connection.cancelPing()
    if (connection !== this.#connection) return
    this.#connection = null
    if (connection.refused) this.#reportRefused(connection.refused)
    const action = this.#policy(connection, code)
    // Frames were flowing (or one was refused) and the session had not ended: whatever was said
    // meanwhile is lost.
    const lost = connection.framesDelivered > 0 || connection.refused !== null
    if (lost && !connection.sessionEnded) this.#options.onGap?.(this.callSid)
    if (action.kind === 'ended') {
      this.#running = false
      this.#options.onStatus({ state: 'ended' })
    } else if (action.kind === 'stop') {
      this.#halt()
      this.#options.onStatus(
        this.#stopped(action.reason, code === 1006 ? null : code, action.message),
      )
    } else {
      this.#retry(action.reason, action.minimumMs, code === 1006 ? null : code)
    }
  }

  /**
   * A refused message goes to quarantine like any frame that cannot be an event, with what is
   * known of it: `ws` refused it from its header (too large) or its bytes (not UTF-8).
   */
  #reportRefused(refused: RefusedMessage): void {
    const limit = this.#limits().maxFrameBytes
    const detail =
      refused === 'too_large'
        ? `an observer message over the ${limit}-byte limit was refused unread; the socket reconnected and the call is backfilled`
        : 'an observer message was not valid UTF-8; the socket reconnected and the call is backfilled'
    this.#options.onFrame({
      result: { kind: 'malformed', reason: refused, detail, raw: '', sentAt: null },
      callSid: this.callSid,
      receivedAt: this.#clock.now(),
      raw: '',
    })
  }

  #policy(connection: Connection, code: number): ObserverCloseAction {
    // After `session_end` there is nothing left to observe, however the connection then ends.
    if (connection.sessionEnded) return { kind: 'ended' }
    if (connection.halfOpen) return { kind: 'retry', reason: 'half_open', minimumMs: 0 }
    if (connection.refused) return { kind: 'retry', reason: 'refused_message', minimumMs: 0 }
    const refusal = connection.upgradeRefusal
    const action = refusal
      ? classifyUpgradeRefusal(refusal.status, refusal.retryAfterMs)
      : classifyObserverClose(code)
    if (action.kind === 'retry' && action.reason === 'unknown_call') {
      this.#unknownCallRetries++
      const limit = this.#options.maxUnknownCallRetries ?? 6
      if (this.#unknownCallRetries > limit) {
        return { kind: 'stop', reason: 'unknown_call', message: UNKNOWN_CALL_MESSAGE }
      }
    }
    return action
  }

  #retry(reason: ObserverRetryReason, minimumMs: number, closeCode: number | null): void {
    const next = this.#reconnects.schedule(() => {
      if (this.#running) this.#connect()
    }, minimumMs)
    this.#options.onStatus({ state: 'reconnecting', ...next, reason, closeCode })
  }

  #halt(): void {
    this.#running = false
    this.#reconnects.cancel()
    const connection = this.#connection
    this.#connection = null
    connection?.cancelPing()
  }

  #stopped(
    reason: ObserverStopReason,
    closeCode: number | null,
    message: string,
  ): Extract<ObserverStatus, { state: 'stopped' }> {
    return { state: 'stopped', reason, closeCode, message }
  }
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8')
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8')
}

/** Closes with 1000 and waits for the handshake; cuts the connection if it does not come. */
function closeGracefully(socket: WebSocket, clock: Clock): Promise<void> {
  if (socket.readyState === WebSocket.CLOSED) return Promise.resolve()
  return new Promise((resolve) => {
    const cancel = clock.setTimer(CLOSE_TIMEOUT_MS, () => {
      socket.terminate()
    })
    socket.once('close', () => {
      cancel()
      resolve()
    })
    socket.close(1000)
  })
}
