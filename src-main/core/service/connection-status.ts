import type { ConnectionStatus } from '../../api'
import type { WorkspaceReconnectReason, WorkspaceStreamStatus } from '../platform'

const reconnectReasons: Record<WorkspaceReconnectReason, string> = {
  connection_lost: 'the connection to the platform was lost',
  server_closed: 'the platform closed the stream',
  server_error: 'the platform answered with an error',
  rate_limited: 'the platform asked to slow down',
  stream_error: 'the platform reported a stream error',
  idle_timeout: 'nothing arrived for 45 seconds',
  unexpected_response: 'the answer was not an event stream (a proxy?)',
}

/** Failures where the platform gave no answer at all. */
const unanswered: ReadonlySet<WorkspaceReconnectReason> = new Set([
  'connection_lost',
  'idle_timeout',
])

/**
 * The stream's detail as a person reads it: an HTTP status stays ("HTTP 503"); a platform code
 * (`stream_unavailable`) is said in words; what only restates the reason is dropped.
 */
function detailInWords(detail: string | null): string {
  if (detail === null || detail === 'not text/event-stream' || detail === 'no body') return ''
  if (/^HTTP \d{3}$/.test(detail)) return ` (${detail})`
  if (/^[a-z][a-z0-9_]*$/.test(detail)) return `: ${detail.replaceAll('_', ' ')}`
  return ''
}

/** The workspace stream's status in the words the connection badge shows. */
export function connectionStatusOf(status: WorkspaceStreamStatus): ConnectionStatus {
  switch (status.state) {
    case 'connecting':
      return { state: 'connecting' }
    case 'connected':
      return { state: 'connected', since: status.since }
    case 'reconnecting': {
      // A retry that also failed without an answer: not a blip but no way through to the
      // platform (this computer offline, a proxy, a firewall), while it keeps trying.
      if (unanswered.has(status.reason) && status.attempt >= 2) {
        return {
          state: 'offline',
          message: 'The platform cannot be reached.',
          action: "Check this computer's network connection; Call Observer keeps trying.",
          retryAt: status.retryAt,
        }
      }
      const detail = detailInWords(status.detail)
      return {
        state: 'reconnecting',
        retryAt: status.retryAt,
        attempt: status.attempt,
        reason: `${reconnectReasons[status.reason]}${detail}`,
      }
    }
    case 'stopped':
      switch (status.reason) {
        case 'closed':
          return { state: 'idle' }
        case 'credentials_rejected':
          return {
            state: 'rejected',
            message: status.message,
            action: 'Open Settings and connect again with a valid API key.',
          }
        case 'too_many_streams':
        case 'request_rejected':
          return {
            state: 'offline',
            message: status.message,
            action: 'Fix the cause, then choose "Retry now".',
            retryAt: null,
          }
      }
  }
}
