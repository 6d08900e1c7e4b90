import type { z } from 'zod'
import { DEFAULT_FRAME_LIMITS, DEFAULT_MAX_REST_BODY_BYTES, nestsDeeperThan } from '../events'
import { parseRetryAfter } from './retry-after'
import { CredentialsRejectedError, PlatformError, RateLimitedError } from './platform-errors'
import {
  activeSessionsSchema,
  authInfoSchema,
  callDetailSchema,
  operatorPageSchema,
  playbackTimelineSchema,
  servicePageSchema,
  type ActiveSession,
  type AuthInfo,
  type CallDetail,
  type Operator,
  type PlaybackTimeline,
  type Service,
} from './rest'

export interface PlatformClientOptions {
  baseUrl: string
  workspaceId: string
  apiKey: string
  /** Per request (default 15 s). */
  timeoutMs?: number
  /** The largest answer read (default 32 MiB); a bigger one is refused while it is read. */
  maxBodyBytes?: number
  fetch?: typeof fetch
}

export interface RequestOptions {
  /** Cancels the request (the pool cancels its backfills when it closes). */
  signal?: AbortSignal
}

/** What each request is for, in the words a person reads in a message about it. */
const purposes = {
  authMe: 'Checking the API key',
  activeSessions: 'Listing the live calls',
  callDetail: "Reading the call's record",
  callTimeline: "Reading the call's playback timeline",
  services: 'Listing the services',
  operators: 'Listing the operators',
} as const

type Purpose = keyof typeof purposes

/** Pages read at most for one list: a server that keeps saying `has_more` must not loop us. */
const MAX_PAGES = 100

/**
 * The platform's REST endpoints the app uses (spec 1 and 4), each answer read within a size
 * limit, checked for nesting depth and validated with its schema. Failures are typed:
 * `CredentialsRejectedError` (401/403), `RateLimitedError` (429), `PlatformError` (anything else),
 * each with a message that says in words what was being done and what went wrong.
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
      this.#workspacePath('sessions/active'),
      activeSessionsSchema,
      options,
    )
  }

  /**
   * `GET /v1/{workspace_id}/calls/{call_id}` (spec 4.4). The spec leaves open whether `call_id` is
   * the call SID or the entity id; the call SID is what the streams name.
   */
  callDetail(callIdOrSid: string, options: RequestOptions = {}): Promise<CallDetail> {
    const path = this.#workspacePath(`calls/${encodeURIComponent(callIdOrSid)}`)
    return this.#get('callDetail', path, callDetailSchema, options)
  }

  /** `GET /v1/{workspace_id}/calls/{call_id}/timeline`: the platform's playback timeline. */
  callTimeline(callIdOrSid: string, options: RequestOptions = {}): Promise<PlaybackTimeline> {
    const path = this.#workspacePath(`calls/${encodeURIComponent(callIdOrSid)}/timeline`)
    return this.#get('callTimeline', path, playbackTimelineSchema, options)
  }

  /** Every service of the workspace (`GET /v1/{workspace_id}/services`, all pages). */
  services(options: RequestOptions = {}): Promise<Service[]> {
    return this.#allPages('services', 'services', 100, servicePageSchema, options)
  }

  /** Every operator of the workspace (`GET /v1/{workspace_id}/operators`, 20 a page). */
  operators(options: RequestOptions = {}): Promise<Operator[]> {
    return this.#allPages('operators', 'operators', 20, operatorPageSchema, options)
  }

  #workspacePath(rest: string): string {
    return `v1/${encodeURIComponent(this.#options.workspaceId)}/${rest}`
  }

  async #allPages<T>(
    purpose: Purpose,
    resource: string,
    limit: number,
    schema: z.ZodType<{ items: T[]; has_more: boolean; continuation_token?: number | null }>,
    options: RequestOptions,
  ): Promise<T[]> {
    const items: T[] = []
    let token = 0
    for (let page = 0; page < MAX_PAGES; page++) {
      const path = this.#workspacePath(`${resource}?limit=${limit}&continuation_token=${token}`)
      const answer = await this.#get(purpose, path, schema, options)
      items.push(...answer.items)
      const next = answer.continuation_token
      if (!answer.has_more || typeof next !== 'number' || next <= token) break
      token = next
    }
    return items
  }

  async #get<S extends z.ZodType>(
    purpose: Purpose,
    path: string,
    schema: S,
    options: RequestOptions,
  ): Promise<z.output<S>> {
    const what = purposes[purpose]
    const timeout = AbortSignal.timeout(this.#options.timeoutMs ?? 15_000)
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout
    let response: Response
    try {
      response = await (this.#options.fetch ?? fetch)(new URL(path, this.#base), {
        headers: { Accept: 'application/json', Authorization: `Bearer ${this.#options.apiKey}` },
        signal,
      })
    } catch (error) {
      throw this.#noAnswer(what, error, options.signal, timeout)
    }
    if (!response.ok) {
      // The body is not read into the error: a server may echo input, which may hold PHI.
      await response.body?.cancel().catch(() => undefined)
      if (response.status === 401 || response.status === 403) {
        throw new CredentialsRejectedError(what, response.status)
      }
      if (response.status === 429) {
        throw new RateLimitedError(
          what,
          parseRetryAfter(response.headers.get('retry-after'), Date.now()),
        )
      }
      throw new PlatformError(
        `${what}: the platform answered HTTP ${response.status}.`,
        response.status,
        'http',
      )
    }
    let text: string
    try {
      text = await readBody(response, this.#options.maxBodyBytes ?? DEFAULT_MAX_REST_BODY_BYTES)
    } catch (error) {
      if (error instanceof PlatformError)
        throw new PlatformError(`${what}: ${error.message}`, response.status, error.kind)
      throw this.#noAnswer(what, error, options.signal, timeout)
    }
    return parseAnswer(what, text, schema, response.status)
  }

  #noAnswer(
    what: string,
    error: unknown,
    signal: AbortSignal | undefined,
    timeout: AbortSignal,
  ): unknown {
    if (signal?.aborted) return error
    if (timeout.aborted) {
      return new PlatformError(`${what}: the platform did not answer in time.`, null, 'timeout')
    }
    return new PlatformError(
      `${what}: the platform could not be reached${causeCode(error)}.`,
      null,
      'network',
    )
  }
}

/** Reads a body as text, refusing it (and cancelling the rest) once it passes `maxBytes`. */
async function readBody(response: Response, maxBytes: number): Promise<string> {
  const tooLarge = () =>
    new PlatformError(
      `the answer is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB, the most read.`,
      response.status,
      'invalid_response',
    )
  const declared = Number(response.headers.get('content-length') ?? Number.NaN)
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined)
    throw tooLarge()
  }
  if (response.body === null) return ''
  const reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined)
      throw tooLarge()
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** JSON within the nesting limit, then the schema; failures name fields, never values. */
function parseAnswer<S extends z.ZodType>(
  what: string,
  text: string,
  schema: S,
  status: number,
): z.output<S> {
  const invalid = (why: string) => new PlatformError(`${what}: ${why}`, status, 'invalid_response')
  if (nestsDeeperThan(text, DEFAULT_FRAME_LIMITS.maxDepth)) {
    throw invalid(`the answer nests deeper than ${DEFAULT_FRAME_LIMITS.maxDepth} levels.`)
  }
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw invalid('the answer is not JSON.')
  }
  const parsed = schema.safeParse(body)
  if (!parsed.success) {
    const fields = parsed.error.issues
      .slice(0, 3)
      .map((issue) => (issue.path.length > 0 ? issue.path.join('.') : '(the whole answer)'))
    throw invalid(`the answer does not have the documented shape (${fields.join(', ')}).`)
  }
  return parsed.data
}

/** A network error's code (`ECONNREFUSED`), which names no host, path or value. */
function causeCode(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined
  const code =
    typeof cause === 'object' && cause !== null && 'code' in cause ? cause.code : undefined
  return typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code) ? ` (${code})` : ''
}
