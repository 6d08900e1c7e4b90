import type { Envelope, PushMessage } from './contract'

/**
 * The browser-mode WebSocket's messages (JSON text frames). The renderer sends requests; the core
 * answers each by its id and pushes events unprompted.
 */
export interface SocketRequest {
  id: number
  method: string
  input?: unknown
}

export type SocketReply = { id: number; result: Envelope<unknown> } | { push: PushMessage }

/** Close codes the client acts on. */
export const socketCloseCodes = {
  /** The core is shutting down. */
  goingAway: 1001,
  /** A frame that is not a request: a bug on the client's side, not worth retrying as is. */
  badRequest: 1008,
  /** The client fell too far behind the pushes: reconnect and load a fresh snapshot. */
  tooSlow: 1013,
} as const
