/**
 * What the observer socket does after a close (spec 3.5), as a pure table so it is tested without
 * sockets. Terminal codes stop with a message that says what to do; 4029 and 1013 ask for a slow
 * retry; everything else (4004, 1006 and the rest) retries with the ordinary backoff.
 */

/** Why an observer stopped for good. */
export type ObserverStopReason =
  /** 4403 or HTTP 401/403 at the upgrade: the key is unknown or revoked. */
  | 'credentials_rejected'
  /** 4100: the key expired. */
  | 'key_expired'
  /** 4003: the key may not observe calls. */
  | 'forbidden'
  /** 4001: the server did not accept the auth subprotocol. */
  | 'unauthorized'
  /** 1008: policy violation. */
  | 'policy_violation'
  /** The key cannot travel as a subprotocol token (spec 3.2); nothing was sent. */
  | 'invalid_api_key'
  /** 4004 over and over: the platform does not know the call, or it has ended. */
  | 'unknown_call'
  /** `stop()` was called. */
  | 'closed'

/** Why an observer is about to reconnect. */
export type ObserverRetryReason =
  /** 1006: the connection died without a close frame. */
  | 'connection_lost'
  /** No pong came back before the next ping: the connection was half-open and torn down. */
  | 'half_open'
  /** 4004: the call is not registered yet (a race right after `call.started`). */
  | 'unknown_call'
  /** 4029, 1013 or HTTP 429: at least 5 s. */
  | 'rate_limited'
  /** Any other close code (1001, 1011, 1012...). */
  | 'closed_by_server'
  /**
   * The platform sent a message this client refuses to read (over the frame limit, or text that
   * is not UTF-8): the WebSocket protocol cannot skip one message, so the socket is closed and
   * opened again, and what it missed is backfilled.
   */
  | 'refused_message'

export type ObserverCloseAction =
  | { kind: 'ended' }
  | { kind: 'stop'; reason: Exclude<ObserverStopReason, 'closed'>; message: string }
  | { kind: 'retry'; reason: ObserverRetryReason; minimumMs: number }

/** Spec 3.5: "rate-limited: retry after at least 5 s". */
export const SLOW_RETRY_MS = 5000

/** The terminal close codes and what to tell the operator. */
const TERMINAL: ReadonlyMap<number, Extract<ObserverCloseAction, { kind: 'stop' }>> = new Map([
  [
    1008,
    {
      kind: 'stop',
      reason: 'policy_violation',
      message:
        'The platform closed the observer for a policy violation (1008). Check the API key and its permissions; not retrying.',
    },
  ],
  [
    4001,
    {
      kind: 'stop',
      reason: 'unauthorized',
      message:
        'The platform did not accept the observer authentication (4001). Check the API key; not retrying.',
    },
  ],
  [
    4003,
    {
      kind: 'stop',
      reason: 'forbidden',
      message:
        'The API key may not observe calls (4003). Use a key with observer access; not retrying.',
    },
  ],
  [
    4100,
    {
      kind: 'stop',
      reason: 'key_expired',
      message: 'The API key expired (4100): renew it, then observe again.',
    },
  ],
  [
    4403,
    {
      kind: 'stop',
      reason: 'credentials_rejected',
      message:
        'The platform rejected the API key (4403): it is unknown or revoked. Set a valid key, then observe again.',
    },
  ],
])

/** The policy for a close with `code`. A normal close (1000) means the call's session is over. */
export function classifyObserverClose(code: number): ObserverCloseAction {
  const terminal = TERMINAL.get(code)
  if (terminal) return terminal
  switch (code) {
    case 1000:
      return { kind: 'ended' }
    case 4029:
    case 1013:
      return { kind: 'retry', reason: 'rate_limited', minimumMs: SLOW_RETRY_MS }
    case 4004:
      return { kind: 'retry', reason: 'unknown_call', minimumMs: 0 }
    case 1006:
      return { kind: 'retry', reason: 'connection_lost', minimumMs: 0 }
    default:
      return { kind: 'retry', reason: 'closed_by_server', minimumMs: 0 }
  }
}

/**
 * The policy when the upgrade itself got an HTTP answer instead of a socket. Not in the spec (the
 * platform answers with close codes), but a proxy or a gateway may answer this way.
 */
export function classifyUpgradeRefusal(
  status: number,
  retryAfterMs: number | null,
): ObserverCloseAction {
  if (status === 401 || status === 403) {
    return {
      kind: 'stop',
      reason: 'credentials_rejected',
      message: `The platform rejected the API key (HTTP ${status}). Set a valid key, then observe again.`,
    }
  }
  if (status === 429) {
    return {
      kind: 'retry',
      reason: 'rate_limited',
      minimumMs: Math.max(SLOW_RETRY_MS, retryAfterMs ?? 0),
    }
  }
  if (status === 404) return { kind: 'retry', reason: 'unknown_call', minimumMs: 0 }
  return { kind: 'retry', reason: 'closed_by_server', minimumMs: 0 }
}

/** The message for a call the platform kept not knowing. */
export const UNKNOWN_CALL_MESSAGE =
  'The platform does not know this call (4004), or it has ended; stopped retrying.'
