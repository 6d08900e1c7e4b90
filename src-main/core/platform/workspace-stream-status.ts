import type { WorkspaceFrame, WorkspaceResult } from '../events'

/** One event frame of the workspace stream, as the recorder receives it (control frames never). */
export interface WorkspaceStreamFrame {
  /** The normalized frame: a known event, an unknown type kept as received, or malformed. */
  result: WorkspaceResult
  /** When this process received it, from the stream's clock (epoch ms). */
  receivedAt: number
  /** The frame as it came off the wire: `id:`, `event:` (null when absent) and `data:`. */
  raw: WorkspaceFrame
  /**
   * This stream delivered this very frame before, and the server sent it again after a
   * reconnect (the resume overlap). The store de-duplicates it anyway; live views skip it.
   */
  replayed: boolean
  /**
   * The frame was past the size limit and was not kept: `raw.data` is its head, and these are its
   * real length and hash.
   */
  oversized?: { byteLength: number; sha256: string }
}

/** Why the stream is about to reconnect. */
export type WorkspaceReconnectReason =
  /** The connection failed or was cut (network error, reset, an abrupt end mid-frame). */
  | 'connection_lost'
  /** The server ended the response cleanly (EOF): spec 2.2 says reconnect. */
  | 'server_closed'
  /** An HTTP status other than 200 that may pass (5xx, 408). */
  | 'server_error'
  /** HTTP 429: the wait honours `Retry-After`. */
  | 'rate_limited'
  /** An `error` control frame with a retryable code (`stream_unavailable`, `stream_error`, new ones). */
  | 'stream_error'
  /** Nothing at all, not even a heartbeat, for the watchdog's interval. */
  | 'idle_timeout'
  /** A 200 that is not `text/event-stream` (a proxy's page, say). */
  | 'unexpected_response'

/** Why the stream stopped for good: it will not reconnect until `start()` is called again. */
export type WorkspaceStopReason =
  /** HTTP 401 or 403: retrying with the same key cannot help. */
  | 'credentials_rejected'
  /** The `too_many_streams` error frame: the workspace's stream cap is reached. */
  | 'too_many_streams'
  /** Another 4xx (404: no such workspace): the request itself is wrong. */
  | 'request_rejected'
  /** `stop()` was called. */
  | 'closed'

/** The connection's state, for the UI ("retrying in 5 s") and the CLI's progress line. */
export type WorkspaceStreamStatus =
  | { state: 'connecting' }
  | { state: 'connected'; since: number }
  | {
      state: 'reconnecting'
      /** 1 for the first retry after a healthy connection. */
      attempt: number
      /** When the next attempt starts (epoch ms). */
      retryAt: number
      delayMs: number
      reason: WorkspaceReconnectReason
      /** A code, never a payload: `HTTP 503`, `stream_unavailable`. */
      detail: string | null
    }
  | { state: 'stopped'; reason: WorkspaceStopReason; message: string }

/** The stopped statuses, each with a message that says what happened and what to do. */
export function stoppedStatus(
  reason: WorkspaceStopReason,
  facts: { httpStatus?: number; maxStreams?: number | null } = {},
): Extract<WorkspaceStreamStatus, { state: 'stopped' }> {
  return { state: 'stopped', reason, message: stopMessage(reason, facts) }
}

function stopMessage(
  reason: WorkspaceStopReason,
  facts: { httpStatus?: number; maxStreams?: number | null },
): string {
  const http = facts.httpStatus === undefined ? '' : ` (HTTP ${facts.httpStatus})`
  switch (reason) {
    case 'credentials_rejected':
      return `The platform rejected the API key${http}: it is wrong, expired or revoked, or lacks access to this workspace. Set a valid key, then start again.`
    case 'too_many_streams': {
      const cap = typeof facts.maxStreams === 'number' ? ` (${facts.maxStreams})` : ''
      return `The workspace already has the most event streams it allows${cap}. Close another client of this workspace, then start again.`
    }
    case 'request_rejected':
      return `The platform refused the event stream request${http}. Check the workspace id and the base URL.`
    case 'closed':
      return 'The event stream was stopped.'
  }
}

/** A server-sent code, made safe to show and log: a short identifier or `unreadable`. */
export function safeCode(code: string): string {
  return /^[A-Za-z0-9_.-]{1,64}$/.test(code) ? code : 'unreadable'
}
