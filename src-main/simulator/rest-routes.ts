import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ApiKeyRegistry } from './api-keys'
import { page } from './directory'
import type { CallListQuery, PlatformState } from './platform-state'

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers = {},
): void {
  const text = JSON.stringify(body)
  response.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  })
  response.end(text)
}

/** FastAPI-style error body, as the platform sends (`{"detail": ...}`). */
export function sendError(
  response: ServerResponse,
  status: number,
  detail: string,
  headers = {},
): void {
  sendJson(response, status, { detail }, headers)
}

function integerParam(
  url: URL,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number | null {
  const text = url.searchParams.get(name)
  if (text === null) return fallback
  const value = Number(text)
  return Number.isInteger(value) && value >= min && value <= max ? value : null
}

function numberParam(url: URL, name: string): number | undefined {
  const text = url.searchParams.get(name)
  return text === null || !Number.isFinite(Number(text)) ? undefined : Number(text)
}

/** `GET /v1/{workspace_id}/calls` query, as spec 4.1 defines it; null when it does not validate. */
function callListQuery(url: URL): CallListQuery | null {
  const limit = integerParam(url, 'limit', 20, 1, 100)
  // `continuation_token` is an alias of `offset` (spec 4.1).
  const offsetName = url.searchParams.has('continuation_token') ? 'continuation_token' : 'offset'
  const offset = integerParam(url, offsetName, 0, 0, 1e9)
  if (limit === null || offset === null) return null
  return {
    limit,
    offset,
    direction: url.searchParams.get('direction') ?? undefined,
    serviceId: url.searchParams.get('service_id') ?? undefined,
    minDuration: numberParam(url, 'min_duration'),
    maxDuration: numberParam(url, 'max_duration'),
  }
}

export interface RestContext {
  keys: ApiKeyRegistry
  state: PlatformState
  workspaceId: string
  /** Current simulated time. */
  now: () => number
}

/**
 * The REST endpoints the app uses (spec 4): key info, active sessions, call history, a call's
 * detail (spec 4.4, its turns and playback timeline), the timeline alone, and the services and
 * operators that give ids their names (spec 4.5). Returns false when the path is not one of them.
 */
export function handleRest(
  context: RestContext,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): boolean {
  const path = url.pathname
  if (path === '/v1/auth/me') {
    if (!context.keys.acceptsBearer(request.headers.authorization)) {
      sendError(response, 401, 'Missing or invalid API key.')
      return true
    }
    sendJson(response, 200, {
      key_id: 'key_demo',
      name: 'Call Observer demo key',
      workspace_id: context.workspaceId,
      expires_at: new Date(context.keys.expiresAtMs).toISOString(),
      expires_in_seconds: Math.max(0, Math.floor((context.keys.expiresAtMs - Date.now()) / 1000)),
    })
    return true
  }
  const match =
    /^\/v1\/([^/]+)\/(sessions\/active|calls|services|operators)(?:\/([^/]+))?(\/timeline)?$/.exec(
      path,
    )
  if (!match) return false
  const [, workspaceId, resource, id, timeline] = match
  if (!context.keys.acceptsBearer(request.headers.authorization)) {
    sendError(response, 401, 'Missing or invalid API key.')
  } else if (workspaceId !== context.workspaceId) {
    sendError(response, 404, 'Workspace not found')
  } else if (resource === 'sessions/active' && id === undefined) {
    sendJson(response, 200, context.state.activeSessions(context.now()))
  } else if (resource === 'calls' && id === undefined) {
    const query = callListQuery(url)
    if (query) sendJson(response, 200, context.state.listCalls(query, context.now()))
    else sendError(response, 422, 'limit must be 1–100 and offset a whole number ≥ 0')
  } else if (resource === 'calls' && id !== undefined) {
    const callId = decodeURIComponent(id)
    const body = timeline
      ? context.state.callTimeline(callId, context.now())
      : context.state.callDetail(callId, context.now())
    if (body) sendJson(response, 200, body)
    else sendError(response, 404, 'Call not found')
  } else if (
    (resource === 'services' || resource === 'operators') &&
    id === undefined &&
    !timeline
  ) {
    // Operators come 20 a page at most (spec 4.2); services as many as asked, up to 100.
    const max = resource === 'operators' ? 20 : 100
    const limit = integerParam(url, 'limit', max === 20 ? 10 : 20, 1, max)
    const offset = integerParam(url, 'continuation_token', 0, 0, 1e9)
    if (limit === null || offset === null) {
      sendError(response, 422, `limit must be 1–${max} and continuation_token a whole number ≥ 0`)
    } else {
      const { directory } = context.state
      const items = resource === 'services' ? directory.services() : directory.operators()
      sendJson(response, 200, page<unknown>(items, offset, limit))
    }
  } else {
    return false
  }
  return true
}
