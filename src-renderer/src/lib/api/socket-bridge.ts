import {
  apiSocketPath,
  methodNames,
  type AppBridge,
  type Envelope,
  type MethodName,
  type PushMessage,
} from '../../../../src-main/api'
import {
  socketCloseCodes,
  type SocketReply,
  type SocketRequest,
} from '../../../../src-main/api/socket-protocol'

const RETRY_MS = [250, 500, 1000, 2000, 5000] as const

const lost: Envelope<never> = {
  ok: false,
  error: {
    code: 'busy',
    message: 'The connection to Call Observer was interrupted before it answered: try again.',
  },
}

/**
 * Browser mode's transport: the API over a WebSocket to the core that served this page (the
 * launch token travels in the page's cookie). Reconnects by itself; requests made while it is
 * down wait for the connection.
 */
export class SocketBridge {
  readonly bridge: AppBridge
  readonly #listeners = new Set<(message: PushMessage) => void>()
  readonly #resyncListeners = new Set<() => void>()
  readonly #pending = new Map<number, (result: Envelope<unknown>) => void>()
  readonly #waiting: SocketRequest[] = []
  #socket: WebSocket | null = null
  #nextId = 1
  #failures = 0
  #everOpened = false

  constructor() {
    const invoke = (method: MethodName) => (input: unknown) => this.#request(method, input)
    this.bridge = Object.assign(
      Object.fromEntries(methodNames.map((method) => [method, invoke(method)])),
      { subscribe: (listener: (message: PushMessage) => void) => this.#subscribe(listener) },
    ) as unknown as AppBridge
    this.#open()
  }

  /** After a reconnect: pushes may have been missed, so views reload their snapshot. */
  onResync(listener: () => void): () => void {
    this.#resyncListeners.add(listener)
    return () => this.#resyncListeners.delete(listener)
  }

  #subscribe(listener: (message: PushMessage) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  #request(method: MethodName, input: unknown): Promise<Envelope<never>> {
    const request: SocketRequest = { id: this.#nextId++, method, input }
    return new Promise((resolve) => {
      this.#pending.set(request.id, resolve as (result: Envelope<unknown>) => void)
      if (this.#socket?.readyState === WebSocket.OPEN) this.#socket.send(JSON.stringify(request))
      else this.#waiting.push(request)
    })
  }

  #open(): void {
    const url = new URL(apiSocketPath, window.location.href)
    url.protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:'
    const socket = new WebSocket(url)
    this.#socket = socket
    socket.addEventListener('open', () => {
      this.#failures = 0
      for (const request of this.#waiting.splice(0)) socket.send(JSON.stringify(request))
      if (this.#everOpened) for (const listener of this.#resyncListeners) listener()
      this.#everOpened = true
    })
    socket.addEventListener('message', (event: MessageEvent<string>) => {
      this.#onReply(JSON.parse(event.data) as SocketReply)
    })
    socket.addEventListener('close', (event) => {
      this.#socket = null
      // Requests sent on this socket will never be answered; the caller may retry.
      for (const resolve of this.#pending.values()) resolve(lost)
      this.#pending.clear()
      this.#waiting.length = 0
      if (event.code === socketCloseCodes.badRequest) return
      const delay = RETRY_MS[Math.min(this.#failures, RETRY_MS.length - 1)] ?? 5000
      this.#failures += 1
      window.setTimeout(() => {
        this.#open()
      }, delay)
    })
  }

  #onReply(reply: SocketReply): void {
    if ('push' in reply) {
      for (const listener of this.#listeners) listener(reply.push)
      return
    }
    const resolve = this.#pending.get(reply.id)
    this.#pending.delete(reply.id)
    resolve?.(reply.result)
  }
}
