import type { Faults } from '../../simulator/faults'
import type { LineEnding } from '../../simulator/sse-format'
import { usageError } from '../exit-codes'
import { integerOption } from '../options'
import { plural } from '../progress'

// The simulator's fault knobs as `simulate` options: parsing (one usage error per bad value) and
// the words that show a person, or a script, which ones are on.

export type OutageKind = 'unavailable' | 'unreachable'

export interface Outage {
  everySeconds: number
  forSeconds: number
  kind: OutageKind
}

export interface SimulatedFaults {
  /** Only the knobs given; the rest keep the simulator's defaults (off). */
  faults: Partial<Faults>
  outage: Outage | null
  nestedObserverEnvelope: boolean
}

/** The `parseArgs` options they take. */
export const faultOptions = {
  'drop-stream-every': { type: 'string' },
  'malformed-every': { type: 'string' },
  'future-type-every': { type: 'string' },
  'share-id-every': { type: 'string' },
  'split-frames': { type: 'boolean', default: false },
  'line-ending': { type: 'string' },
  'drop-observer-every': { type: 'string' },
  'rate-limit': { type: 'string' },
  'slow-frames-ms': { type: 'string' },
  'outage-every': { type: 'string' },
  'outage-for': { type: 'string' },
  'outage-kind': { type: 'string' },
  'nested-observer-envelope': { type: 'boolean', default: false },
} as const

type FaultValues = {
  [K in keyof typeof faultOptions]?: (typeof faultOptions)[K]['type'] extends 'boolean'
    ? boolean
    : string
}

/** The option lines of `simulate --help`. */
export const faultHelp: readonly (readonly [string, string])[] = [
  ['--drop-stream-every <n>', 'cut each event stream abruptly after every n events sent on it'],
  ['--malformed-every <n>', 'publish a malformed frame (broken JSON) after every n events'],
  ['--future-type-every <n>', 'publish an event of a type clients do not know after every n'],
  ['--share-id-every <n>', 'give every nth event the SSE id of the one before it'],
  ['--split-frames', 'write stream frames in random pieces, even inside a character'],
  ['--line-ending lf|crlf|cr', 'the line ending of stream frames (default lf)'],
  ['--drop-observer-every <n>', 'cut each observer socket abruptly after every n frames'],
  ['--rate-limit <n>[:<s>]', 'answer the next n stream requests 429, Retry-After s (default 1)'],
  ['--slow-frames-ms <ms>', 'hold every stream write back this many milliseconds'],
  ['--outage-every <seconds>', 'an outage this often: open streams cut, new ones refused'],
  ['--outage-for <seconds>', 'how long each outage lasts (required with --outage-every)'],
  ['--outage-kind <kind>', 'unavailable (503, the default) or unreachable (no answer)'],
  ['--nested-observer-envelope', 'nest observer payloads under "data" instead of flat'],
]

const MAX_EVERY = 1_000_000_000

function every(name: keyof FaultValues, text: string | undefined): number | null {
  return text === undefined ? null : integerOption(name, text, 0, 1, MAX_EVERY)
}

function lineEnding(text: string | undefined): LineEnding | undefined {
  if (text === undefined) return undefined
  if (text === 'lf' || text === 'crlf' || text === 'cr') return text
  throw usageError(`--line-ending must be lf, crlf or cr, not "${text}"`)
}

function rateLimit(text: string | undefined): Faults['rateLimit'] | undefined {
  if (text === undefined) return undefined
  const match = /^(\d+)(?::(\d+))?$/.exec(text.trim())
  const requests = Number(match?.[1])
  const retryAfterSeconds = match?.[2] === undefined ? 1 : Number(match[2])
  if (!match || requests < 1 || requests > MAX_EVERY || retryAfterSeconds > 86_400) {
    throw usageError(
      `--rate-limit must be a number of requests, optionally with a Retry-After in seconds ` +
        `(such as 3 or 3:10), not "${text}"`,
    )
  }
  return { remaining: requests, retryAfterSeconds }
}

function outage(values: FaultValues): Outage | null {
  const { 'outage-every': everyText, 'outage-for': forText, 'outage-kind': kindText } = values
  if (everyText === undefined) {
    if (forText !== undefined || kindText !== undefined) {
      throw usageError('--outage-for and --outage-kind need --outage-every <seconds>')
    }
    return null
  }
  if (forText === undefined) throw usageError('--outage-every needs --outage-for <seconds>')
  const everySeconds = integerOption('outage-every', everyText, 0, 1, 86_400)
  const forSeconds = integerOption('outage-for', forText, 0, 1, 86_400)
  if (forSeconds >= everySeconds) {
    throw usageError(
      `--outage-for (${forSeconds}) must be shorter than --outage-every (${everySeconds})`,
    )
  }
  const kind = kindText ?? 'unavailable'
  if (kind !== 'unavailable' && kind !== 'unreachable') {
    throw usageError(`--outage-kind must be unavailable or unreachable, not "${kind}"`)
  }
  return { everySeconds, forSeconds, kind }
}

/** Reads the fault options; a usage error (exit 2) for the first bad one. */
export function parseFaults(values: FaultValues): SimulatedFaults {
  const faults: Partial<Faults> = {}
  const set = <K extends keyof Faults>(key: K, value: Faults[K] | null | undefined) => {
    if (value !== null && value !== undefined) faults[key] = value
  }
  set('dropStreamEvery', every('drop-stream-every', values['drop-stream-every']))
  set('malformedEvery', every('malformed-every', values['malformed-every']))
  set('futureTypeEvery', every('future-type-every', values['future-type-every']))
  set('shareIdEvery', every('share-id-every', values['share-id-every']))
  set('dropObserverEvery', every('drop-observer-every', values['drop-observer-every']))
  if (values['split-frames'] === true) faults.splitFrames = true
  set('lineEnding', lineEnding(values['line-ending']))
  set('rateLimit', rateLimit(values['rate-limit']))
  const slow = values['slow-frames-ms']
  if (slow !== undefined) set('slowFramesMs', integerOption('slow-frames-ms', slow, 0, 0, 60_000))
  return {
    faults,
    outage: outage(values),
    nestedObserverEnvelope: values['nested-observer-envelope'] === true,
  }
}

/** The active faults for the `--json` line: the simulator's knob names, only those turned on. */
export function faultsJson(simulated: SimulatedFaults): Record<string, unknown> {
  const json: Record<string, unknown> = { ...simulated.faults }
  if (simulated.faults.rateLimit) {
    const { remaining, retryAfterSeconds } = simulated.faults.rateLimit
    json.rateLimit = { requests: remaining, retryAfterSeconds }
  }
  if (simulated.outage) json.outage = simulated.outage
  if (simulated.nestedObserverEnvelope) json.nestedObserverEnvelope = true
  return json
}

/** `2nd`, `3rd`, `11th`, `21st`; the 1st of every one is just "every event". */
function ordinal(n: number): string {
  if (n === 1) return ''
  const tens = n % 100
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')
  return `${n.toLocaleString('en-US')}${suffix}`
}

/** The active faults in words, one line, for a person; null when there are none. */
export function describeFaults(simulated: SimulatedFaults): string | null {
  const { faults, outage: planned } = simulated
  const parts: string[] = []
  if (faults.dropStreamEvery != null) {
    parts.push(`streams cut after every ${plural(faults.dropStreamEvery, 'event')}`)
  }
  if (faults.malformedEvery != null) {
    parts.push(`a malformed frame after every ${plural(faults.malformedEvery, 'event')}`)
  }
  if (faults.futureTypeEvery != null) {
    parts.push(`an unknown event type after every ${plural(faults.futureTypeEvery, 'event')}`)
  }
  if (faults.shareIdEvery != null) {
    parts.push(
      `every ${`${ordinal(faults.shareIdEvery)} `.trimStart()}event sharing the SSE id before it`,
    )
  }
  if (faults.splitFrames === true) parts.push('frames split at random bytes')
  if (faults.lineEnding !== undefined && faults.lineEnding !== 'lf') {
    parts.push(`${faults.lineEnding.toUpperCase()} line endings`)
  }
  if (faults.dropObserverEvery != null) {
    parts.push(`observer sockets cut after every ${plural(faults.dropObserverEvery, 'frame')}`)
  }
  if (faults.rateLimit) {
    const { remaining, retryAfterSeconds } = faults.rateLimit
    parts.push(
      `429 for the next ${plural(remaining, 'stream request')} (Retry-After ${retryAfterSeconds} s)`,
    )
  }
  if (faults.slowFramesMs !== undefined && faults.slowFramesMs > 0) {
    parts.push(`every stream write held ${faults.slowFramesMs} ms`)
  }
  if (planned) {
    const answer = planned.kind === 'unavailable' ? 'answered 503' : 'left unanswered'
    parts.push(
      `an outage every ${planned.everySeconds} s for ${planned.forSeconds} s (new streams ${answer})`,
    )
  }
  if (simulated.nestedObserverEnvelope) parts.push('observer payloads nested under "data"')
  return parts.length === 0 ? null : parts.join('; ')
}
