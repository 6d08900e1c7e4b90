import type {
  ApiErrorCode,
  AppBridge,
  AppEvents,
  EventName,
  MethodInput,
  MethodName,
  MethodOutput,
  PushMessage,
} from '../../../../src-main/api'
import { SocketBridge } from './socket-bridge'

declare global {
  interface Window {
    /** Set by the Electron preload; absent in browser mode. */
    callObserver?: AppBridge
  }
}

/** A command the core answered with an error: `message` is for the user, `code` for the code. */
export class ApiCallError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'ApiCallError'
  }
}

type Listener<E extends EventName> = (payload: AppEvents[E]) => void

/**
 * The renderer's one way to the core. It picks its transport (the Electron preload's bridge, or
 * the browser-mode WebSocket) and nothing else in the renderer knows which it got.
 */
export class AppClient {
  readonly #bridge: AppBridge
  readonly #socket: SocketBridge | null
  readonly #listeners = new Map<EventName, Set<(payload: never) => void>>()

  constructor() {
    this.#socket = window.callObserver ? null : new SocketBridge()
    this.#bridge = window.callObserver ?? (this.#socket as SocketBridge).bridge
    this.#bridge.subscribe((message) => {
      this.#deliver(message)
    })
  }

  /** Runs a command; rejects with an `ApiCallError` the UI can show as it is. */
  async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
    const invoke = this.#bridge[method] as (input: MethodInput<M>) => ReturnType<AppBridge[M]>
    const result = await invoke(input)
    if (!result.ok) throw new ApiCallError(result.error.code, result.error.message)
    return result.value
  }

  on<E extends EventName>(event: E, listener: Listener<E>): () => void {
    let listeners = this.#listeners.get(event)
    if (!listeners) {
      listeners = new Set()
      this.#listeners.set(event, listeners)
    }
    listeners.add(listener)
    return () => listeners.delete(listener)
  }

  /** Pushes may have been missed (the transport reconnected): reload what is on screen. */
  onResync(listener: () => void): () => void {
    return this.#socket?.onResync(listener) ?? (() => undefined)
  }

  #deliver(message: PushMessage): void {
    const listeners = this.#listeners.get(message.event)
    if (!listeners) return
    for (const listener of listeners) (listener as (payload: unknown) => void)(message.payload)
  }
}

export const api = new AppClient()
