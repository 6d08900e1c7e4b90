import { z } from 'zod'
import {
  eventTypeOf,
  observerEventSchemas,
  workspaceEventSchemas,
  type ObserverEvent,
  type WorkspaceEvent,
} from './catalog'
import { DEFAULT_FRAME_LIMITS, nestsDeeperThan, type FrameLimits } from './limits'
import { applyObserverAliases, applyWorkspaceAliases } from './variants'

/**
 * Why a frame is in quarantine. The normalizer finds the first six; the stream readers find
 * `too_large` (while reading), `invalid_utf8` and `invalid_id`; the store finds `unstorable` (a
 * frame that normalized but could not be written, kept so that nothing received is lost).
 */
export type MalformedReason =
  | 'too_large'
  | 'too_deep'
  | 'not_json'
  | 'not_object'
  | 'missing_type'
  | 'invalid_fields'
  | 'invalid_utf8'
  | 'invalid_id'
  | 'unstorable'

/** How much of a frame too large to keep is kept, for whoever looks into it. */
export const QUARANTINE_HEAD_BYTES = 1024

/** A frame of a known type that validated: its typed, canonical form. */
export interface KnownEvent<E> {
  kind: 'event'
  event: E
}

/** A well-formed frame of a type this build does not know: kept as received, never an error. */
export interface UnknownEvent {
  kind: 'unknown'
  type: string
  raw: Record<string, unknown>
}

/**
 * A frame that cannot be an event. `detail` names fields and expectations, never values, so it is
 * safe to log; `raw` is the text as received (it may hold PHI) for quarantine.
 */
export interface MalformedFrame {
  kind: 'malformed'
  reason: MalformedReason
  detail: string
  raw: string
}

export type NormalizeResult<E> = KnownEvent<E> | UnknownEvent | MalformedFrame

/** One SSE message as the wire delivered it: `id:`, `event:` and the joined `data:` lines. */
export interface WorkspaceFrame {
  id: string | null
  event: string | null
  data: string
}

export type WorkspaceResult = NormalizeResult<WorkspaceEvent> & { sseId: string | null }

/** `sentAt` is the frame's own `timestamp` where the server sent one (an unconfirmed base field). */
export type ObserverResult = NormalizeResult<ObserverEvent> & { sentAt: string | null }

function compileCatalog<E>(
  schemas: readonly Parameters<typeof eventTypeOf>[0][],
  discriminator: string,
): ReadonlyMap<string, z.ZodType<E>> {
  return new Map(
    schemas.map((schema) => [
      eventTypeOf(schema, discriminator),
      z.compile(schema) as z.ZodType<E>,
    ]),
  )
}

const workspaceSchemas = compileCatalog<WorkspaceEvent>(workspaceEventSchemas, 'event_type')
const observerSchemas = compileCatalog<ObserverEvent>(observerEventSchemas, 'type')

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Why frame text is not a JSON object; a class so that `instanceof` tells it from a payload. */
class FrameProblem {
  constructor(
    readonly reason: MalformedReason,
    readonly detail: string,
  ) {}
}

/**
 * Parses frame text into a JSON object, or says why it is not one. The bounds are checked first:
 * the readers cap a frame's bytes while reading, and this catches text from any other path; the
 * depth scan keeps every recursive step after it (serializing, copying, redacting) safe.
 */
function parseObject(text: string, limits: FrameLimits): Record<string, unknown> | FrameProblem {
  if (text.length > limits.maxFrameBytes) {
    return new FrameProblem(
      'too_large',
      `frame of ${text.length} characters exceeds the ${limits.maxFrameBytes}-byte limit`,
    )
  }
  if (nestsDeeperThan(text, limits.maxDepth)) {
    return new FrameProblem('too_deep', `frame nests deeper than ${limits.maxDepth} levels`)
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return new FrameProblem('not_json', 'data is not valid JSON')
  }
  if (isRecord(parsed)) return parsed
  const what = Array.isArray(parsed) ? 'an array' : parsed === null ? 'null' : typeof parsed
  return new FrameProblem('not_object', `data is ${what}, not a JSON object`)
}

/** Zod's messages name the expected type and the received type, never the received value. */
function describeIssues(type: string, issues: readonly z.core.$ZodIssue[]): FrameProblem {
  const described = issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(frame)'}: ${issue.message}`)
  const more = issues.length > 3 ? `; and ${issues.length - 3} more` : ''
  return new FrameProblem('invalid_fields', `${type}: ${described.join('; ')}${more}`)
}

/** A too-large frame keeps only its head: quarantining a megabyte of junk helps no one. */
function rawFor(problem: FrameProblem, text: string): string {
  return problem.reason === 'too_large' ? headOf(text) : text
}

/** The first `QUARANTINE_HEAD_BYTES` of a text (a character cut in two becomes U+FFFD). */
export function headOf(text: string): string {
  if (text.length <= QUARANTINE_HEAD_BYTES / 3) return text
  return Buffer.from(text.slice(0, QUARANTINE_HEAD_BYTES))
    .subarray(0, QUARANTINE_HEAD_BYTES)
    .toString('utf8')
}

/**
 * Merges a `data`-nested payload with the frame's top-level fields (the payload wins, `type` is the
 * frame's). Copies the few top-level keys into the payload rather than spreading both into a new
 * object, which costs several times a frame's JSON parse.
 */
function liftNested(
  frame: Record<string, unknown>,
  payload: Record<string, unknown>,
  type: string,
): Record<string, unknown> {
  for (const key of Object.keys(frame)) {
    if (key !== 'data' && key !== '__proto__' && !Object.hasOwn(payload, key))
      payload[key] = frame[key]
  }
  payload.type = type
  return payload
}

/**
 * Workspace SSE frame → typed event. The server moves `event_type` to the `event:` line; it is put
 * back here (a JSON `event_type` is the fallback when the line is missing). Never throws.
 */
export function normalizeWorkspaceFrame(
  frame: WorkspaceFrame,
  limits: FrameLimits = DEFAULT_FRAME_LIMITS,
): WorkspaceResult {
  const { id: sseId, event, data } = frame
  const fields = parseObject(data, limits)
  let problem: FrameProblem
  if (fields instanceof FrameProblem) {
    problem = fields
  } else {
    const named = event !== null && event !== '' && event !== 'message'
    const type = named ? event : fields.event_type
    if (typeof type !== 'string' || type === '') {
      problem = new FrameProblem('missing_type', 'frame has no event type')
    } else {
      const schema = workspaceSchemas.get(type)
      if (!schema) return { kind: 'unknown', type, raw: fields, sseId }
      fields.event_type = type
      applyWorkspaceAliases(type, fields)
      const result = schema.safeParse(fields)
      if (result.success) return { kind: 'event', event: result.data, sseId }
      problem = describeIssues(type, result.error.issues)
    }
  }
  const { reason, detail } = problem
  return { kind: 'malformed', reason, detail, raw: rawFor(problem, data), sseId }
}

/**
 * Observer WebSocket text frame → typed event. Accepts flat frames and frames whose payload is
 * nested under `data` (spec 3.4), and the documented field variants (spec 3.8). Never throws.
 */
export function normalizeObserverFrame(
  text: string,
  limits: FrameLimits = DEFAULT_FRAME_LIMITS,
): ObserverResult {
  const received = parseObject(text, limits)
  let problem: FrameProblem
  let sentAt: string | null = null
  if (received instanceof FrameProblem) {
    problem = received
  } else {
    const nested = isRecord(received.data) ? received.data : null
    const type = received.type ?? nested?.type
    const timestamp = received.timestamp ?? nested?.timestamp
    if (typeof timestamp === 'string') sentAt = timestamp
    if (typeof type !== 'string' || type === '') {
      problem = new FrameProblem('missing_type', 'frame has no "type"')
    } else {
      const schema = observerSchemas.get(type)
      if (!schema) return { kind: 'unknown', type, raw: received, sentAt }
      const fields = nested ? liftNested(received, nested, type) : received
      applyObserverAliases(type, fields)
      const result = schema.safeParse(fields)
      if (result.success) return { kind: 'event', event: result.data, sentAt }
      problem = describeIssues(type, result.error.issues)
    }
  }
  const { reason, detail } = problem
  return { kind: 'malformed', reason, detail, raw: rawFor(problem, text), sentAt }
}
