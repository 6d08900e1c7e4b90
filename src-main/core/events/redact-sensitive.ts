import { z } from 'zod'
import { innerOf, sensitiveMarks } from './fields'
import { sensitiveFieldNames } from './phi-registry'

/** What a redacted value is replaced with, in exports and anywhere else a copy leaves the app. */
export const REDACTED = '[REDACTED]'

/**
 * The deepest nesting walked. Payloads are walked with an explicit stack, never by recursion, so
 * a hostile frame cannot overflow it; whatever sits deeper is redacted whole, unread.
 */
export const MAX_REDACT_DEPTH = 64

/** Schemas whose values redaction reads as another schema's (see `redactLike`). */
const readAs = new WeakMap<z.core.$ZodType, z.core.$ZodType>()

/**
 * For redaction, reads values of `schema` as values of `like`. A transform hides the schema it
 * applies (a list that drops unreadable items is an `array(unknown)` piped into a function), so
 * its marks cannot be seen; `redactLike(lenient, z.array(item))` makes them visible again.
 */
export function redactLike<T extends z.ZodType>(schema: T, like: z.core.$ZodType): T {
  readAs.set(schema, like)
  return schema
}

type Container = Record<string, unknown> | unknown[]

interface Task {
  from: Container
  to: Container
  /** The schemas that may describe `from`; empty: judged by field names alone. */
  schemas: readonly z.core.$ZodType[]
  depth: number
}

/** Bounds the schemas looked through for one value (a lazy schema may refer to itself). */
const MAX_EXPANSIONS = 256

interface Resolved {
  marked: boolean
  /** Some schema on the way accepts anything (`unknown`, `any`): its fields go by names. */
  open: boolean
  /** Object, record, array and tuple schemas the value may be read by. */
  structures: z.core.$ZodType[]
}

/**
 * Looks through wrappers, pipes, unions and intersections to the structures that may describe
 * `value`, noting whether any schema on the way is marked. A union is read by the options the
 * value validates against, or by all of them when it fits none: redacting a field that one
 * option marks is the safe mistake.
 */
function resolve(schemas: readonly z.core.$ZodType[], value: unknown): Resolved {
  const structures: z.core.$ZodType[] = []
  const pending = [...schemas]
  let marked = false
  let open = schemas.length === 0
  for (let n = 0; n < MAX_EXPANSIONS; n++) {
    const schema = pending.pop()
    if (schema === undefined) break
    if (sensitiveMarks.has(schema)) {
      // Redacted whole: what it is made of no longer matters.
      marked = true
      break
    }
    const like = readAs.get(schema)
    const inner = innerOf(schema)
    if (like !== undefined) pending.push(like)
    else if (inner !== undefined) pending.push(inner)
    else if (schema instanceof z.core.$ZodPipe)
      pending.push(schema._zod.def.in, schema._zod.def.out)
    else if (schema instanceof z.core.$ZodIntersection) {
      pending.push(schema._zod.def.left, schema._zod.def.right)
    } else if (schema instanceof z.core.$ZodUnion) {
      const options = schema._zod.def.options
      const fitting = options.filter((option) => z.safeParse(option, value).success)
      pending.push(...(fitting.length > 0 ? fitting : options))
    } else if (
      schema instanceof z.core.$ZodObject ||
      schema instanceof z.core.$ZodRecord ||
      schema instanceof z.core.$ZodArray ||
      schema instanceof z.core.$ZodTuple
    ) {
      structures.push(schema)
    } else if (schema instanceof z.core.$ZodUnknown || schema instanceof z.core.$ZodAny) {
      open = true
    }
  }
  // A schema too tangled to look through to the end may hide a mark: redacted whole.
  if (pending.length > 0) marked = true
  return { marked, open, structures }
}

/** The schemas that may describe the field `key` of an object read by `structures`. */
function fieldSchemas(structures: readonly z.core.$ZodType[], key: string): z.core.$ZodType[] {
  const found: z.core.$ZodType[] = []
  for (const schema of structures) {
    if (schema instanceof z.core.$ZodObject) {
      const field = Object.hasOwn(schema._zod.def.shape, key)
        ? schema._zod.def.shape[key]
        : schema._zod.def.catchall
      if (field !== undefined) found.push(field)
    } else if (schema instanceof z.core.$ZodRecord) {
      found.push(schema._zod.def.valueType)
    }
  }
  return found
}

/** The schemas that may describe item `index` of an array read by `structures`. */
function itemSchemas(structures: readonly z.core.$ZodType[], index: number): z.core.$ZodType[] {
  const found: z.core.$ZodType[] = []
  for (const schema of structures) {
    if (schema instanceof z.core.$ZodArray) found.push(schema._zod.def.element)
    else if (schema instanceof z.core.$ZodTuple) {
      const { items, rest } = schema._zod.def
      const item = index < items.length ? items[index] : rest
      if (item) found.push(item)
    }
  }
  return found
}

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null
}

function put(to: Container, key: string | number, value: unknown): void {
  if (Array.isArray(to)) to[key as number] = value
  // A JSON `__proto__` key is data: assigned, it would replace the copy's prototype instead.
  else if (key === '__proto__') {
    Object.defineProperty(to, key, { value, enumerable: true, writable: true, configurable: true })
  } else to[key] = value
}

/**
 * The copy of one child: redacted when a schema that may describe it is marked (or, where no
 * schema does, when its name is a sensitive one); a container is queued to be copied in turn.
 */
function copyChild(
  stack: Task[],
  task: Task,
  key: string | number,
  value: unknown,
  schemas: readonly z.core.$ZodType[],
): void {
  if (value === null || value === undefined) {
    put(task.to, key, value)
    return
  }
  const { marked, open, structures } = resolve(schemas, value)
  if (marked || (open && typeof key === 'string' && sensitiveFieldNames.has(key))) {
    put(task.to, key, REDACTED)
    return
  }
  if (!isContainer(value)) {
    put(task.to, key, value)
    return
  }
  if (task.depth + 1 >= MAX_REDACT_DEPTH) {
    put(task.to, key, REDACTED)
    return
  }
  const to: Container = Array.isArray(value) ? new Array<unknown>(value.length) : {}
  put(task.to, key, to)
  // What the schemas say nothing about is judged by names: `structures` empty.
  stack.push({ from: value, to, schemas: structures, depth: task.depth + 1 })
}

function walk(root: Container, schemas: readonly z.core.$ZodType[]): Container {
  const { structures } = resolve(schemas, root)
  const copy: Container = Array.isArray(root) ? new Array<unknown>(root.length) : {}
  const stack: Task[] = [{ from: root, to: copy, schemas: structures, depth: 0 }]
  for (let task = stack.pop(); task !== undefined; task = stack.pop()) {
    if (Array.isArray(task.from)) {
      for (let i = 0; i < task.from.length; i++) {
        copyChild(stack, task, i, task.from[i], itemSchemas(task.schemas, i))
      }
    } else {
      for (const [key, value] of Object.entries(task.from)) {
        copyChild(stack, task, key, value, fieldSchemas(task.schemas, key))
      }
    }
  }
  return copy
}

/**
 * A copy of `value` with every field its schema marks (`phi`, `clinicalText`, at any depth) set
 * to `"[REDACTED]"`. What the schema does not describe (fields it does not define, `unknown`
 * objects, a value of another shape) is judged by name, as for an unknown event type. Never
 * throws and never recurses; null and absent fields stay as they are, so absence still shows.
 * For REST replies: `redactSensitive(callDetailSchema, detail)` before it is logged or exported.
 */
export function redactSensitive(schema: z.core.$ZodType, value: unknown): unknown {
  if (value === null || value === undefined) return value
  if (resolve([schema], value).marked) return REDACTED
  return isContainer(value) ? walk(value, [schema]) : value
}

/**
 * A copy of a payload nobody can look up (an unknown event type) with every field whose name is
 * in `sensitiveFieldNames` redacted, at every depth down to `MAX_REDACT_DEPTH`.
 */
export function redactByName(payload: Record<string, unknown>): Record<string, unknown> {
  return walk(payload, []) as Record<string, unknown>
}
