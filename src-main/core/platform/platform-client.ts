import type { z } from 'zod'
import { parseRetryAfter } from './retry-after'
import { CredentialsRejectedError, PlatformError, RateLimitedError } from './platform-errors'
import {
  activeSessionsSchema,
  authInfoSchema,
  callDetailSchema,
  type ActiveSession,
  type AuthInfo,
  type CallDetail,
} from './rest-schemas'

export interface PlatformClientOptions {
  baseUrl: string
  workspaceId: string
  apiKey: string
  /** Per request (default 15 s). */
  timeoutMs?: number
  fetch?: typeof fetch
}

export interface RequestOptions {
  /** Cancels the request (the pool cancels its backfills when it closes). */
  signal?: AbortSignal
}

/**
 * The platform's REST endpoints the recorder uses (spec 1 and 4.1), each answer validated with
 * its schema. Failures are typed: `CredentialsRejectedError` (401/403), `RateLimitedError` (429),
 * `PlatformError` (anything else).
 */
export class PlatformClient {
  readonly #options: PlatformClientOptions
  readonly #base: string

  constructor(options: PlatformClientOptions) {
    this.#options = options
    this.#base = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`
  }

  /** `GET /v1/auth/me`: the key's id, workspace and expiry. */
  authMe(options: RequestOptions = {}): Promise<AuthInfo> {
    return this.#get('authMe', 'v1/auth/me', authInfoSchema, options)
  }

  /** `GET /v1/{workspace_id}/sessions/active`: the voice sessions live right now. */
  activeSessions(options: RequestOptions = {}): Promise<ActiveSession[]> {
    return this.#get(
      'activeSessions',
      `${this.#workspacePath()}/sessions/active`,
      activeSessionsSchema,
      options,
    )
  }

  /**
   * `GET /v1/{workspace_id}/calls/{call_id}`, with the call's turns. The spec leaves open whether
   * `call_id` is the call SID or the entity id; the platform's simulator takes either.
   */
  callDetail(callIdOrSid: string, options: RequestOptions = {}): Promise<CallDetail> {
    const path = `${this.#workspacePath()}/calls/${encodeURIComponent(callIdOrSid)}`
    return this.#get('callDetail', path, callDetailSchema, options)
  }

  #workspacePath(): string {
    return `v1/${encodeURIComponent(this.#options.workspaceId)}`
  }

  async #get<S extends z.ZodType>(
    operation: string,
    path: string,
    schema: S,
    options: RequestOptions,
  ): Promise<z.output<S>> {
    const timeout = AbortSignal.timeout(this.#options.timeoutMs ?? 15_000)
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout
    let response: Response
    try {
      response = await (this.#options.fetch ?? fetch)(new URL(path, this.#base), {
        headers: { Accept: 'application/json', Authorization: `Bearer ${this.#options.apiKey}` },
        signal,
      })
    } catch (error) {
      if (options.signal?.aborted) throw error
      if (timeout.aborted)
        throw new PlatformError(`${operation}: no answer in time`, null, 'timeout')
      throw new PlatformError(
        `${operation}: the platform could not be reached${causeCode(error)}`,
        null,
        'network',
      )
    }
    if (!response.ok) {
      // The body is not read into the error: a server may echo input, which may hold PHI.
      await response.body?.cancel().catch(() => undefined)
      if (response.status === 401 || response.status === 403) {
        throw new CredentialsRejectedError(operation, response.status)
      }
      if (response.status === 429) {
        throw new RateLimitedError(
          operation,
          parseRetryAfter(response.headers.get('retry-after'), Date.now()),
        )
      }
      throw new PlatformError(`${operation}: HTTP ${response.status}`, response.status, 'http')
    }
    let body: unknown
    try {
      body = await response.json()
    } catch {
      throw new PlatformError(
        `${operation}: the answer is not JSON`,
        response.status,
        'invalid_response',
      )
    }
    const parsed = schema.safeParse(body)
    if (!parsed.success) {
      const fields = parsed.error.issues
        .slice(0, 3)
        .map((issue) => (issue.path.length > 0 ? issue.path.join('.') : '(body)'))
      throw new PlatformError(
        `${operation}: the answer does not match its schema (${fields.join(', ')})`,
        response.status,
        'invalid_response',
      )
    }
    return parsed.data
  }
}

/** A network error's code (`ECONNREFUSED`), which names no host, path or value. */
function causeCode(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined
  const code =
    typeof cause === 'object' && cause !== null && 'code' in cause ? cause.code : undefined
  return typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code) ? ` (${code})` : ''
}
