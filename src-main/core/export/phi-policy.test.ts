import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LiveCall, Text, TextPart } from '../../api/live'
import { sensitiveFieldsOf, type EventStream } from '../events'
import { LiveWorkspace } from '../live/live-workspace'
import { acceleratedClock } from '../platform/testing/accelerated-clock'
import { Recorder } from '../recorder/recorder'
import { SessionStore } from '../store'
import { startSimulator, type Simulator } from '../../simulator/simulator'
import { until } from '../../simulator/testing/raw-clients'
import { toNdjsonLine } from './ndjson'

// The PHI policy end to end: a few minutes of the demo platform (calls, escalations, forms,
// email, pipelines) recorded into a real encrypted store, exported, and shown by the live model.
// Every value the platform sent in a field the registry lists, of either kind, is looked for in
// the redacted export (it must not be there), in the export with PHI kept (it must be), and on
// the live views (never as plain text).

const MINUTES = 10

interface Needle {
  /** `type.field` it was first seen in. */
  where: string
  /** The value as sent: a string, or an object's or array's JSON. */
  value: string
  /** How it reads inside an NDJSON line: the JSON string literal, or the object's JSON. */
  inLine: string
}

let dir = ''
let sim: Simulator
let store: SessionStore
let live: LiveWorkspace
/** Everything the live model put on screen, change after change. */
const shown: unknown[] = []
let redactedExport = ''
let fullExport = ''
/** Every registry value received, and every `type.field` one was received in. */
let needles: Needle[] = []
const seenIn = new Set<string>()
/**
 * Values the platform also sends in fields nobody marks: the clinic's own mailbox is the
 * `to_address` (x-phi) of a patient's reply and the `from_address` of every outbound email. Such
 * a value is not PHI by itself, and its occurrences elsewhere are not leaks.
 */
const unmarkedValues = new Set<string>()

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function needlesOf(where: string, value: unknown): Needle[] {
  const found: Needle[] = []
  const json = (item: unknown) => {
    const text = JSON.stringify(item)
    found.push({ where, value: text, inLine: text })
  }
  if (typeof value === 'string' && value.length >= 4) {
    found.push({ where, value, inLine: JSON.stringify(value) })
  } else if (Array.isArray(value)) {
    json(value)
    for (const item of value as unknown[]) {
      if (typeof item === 'string' && item.length >= 4) {
        found.push({ where, value: item, inLine: JSON.stringify(item) })
      } else if (typeof item === 'object' && item !== null) json(item)
    }
  } else if (isRecord(value)) json(value)
  return found
}

/** Reads every frame the simulator sent and the store holds (what the recorder received). */
function collectSent(): void {
  const received = new Set([...store.events({ all: true })].map((event) => event.raw))
  const found = new Map<string, Needle>()
  for (const frame of sim.log.frames) {
    if (frame.stream === 'workspace' && frame.kind !== 'event') continue
    const [stream, type, text]: [EventStream, string, string] =
      frame.stream === 'workspace'
        ? ['workspace', frame.event, frame.data]
        : ['observer', frame.type, frame.text]
    if (!received.has(text)) continue
    const payload: unknown = JSON.parse(text)
    if (!isRecord(payload)) continue
    const sensitive = sensitiveFieldsOf(stream, type)
    for (const [field, value] of Object.entries(payload)) {
      if (!sensitive.has(field)) {
        for (const item of Array.isArray(value) ? (value as unknown[]) : [value]) {
          if (typeof item === 'string') unmarkedValues.add(item)
        }
        continue
      }
      for (const needle of needlesOf(`${type}.${field}`, value)) {
        seenIn.add(needle.where)
        if (!found.has(needle.inLine)) found.set(needle.inLine, needle)
      }
    }
  }
  needles = [...found.values()]
}

/** The strings of a value (masked parts apart), and its masked parts. */
function partsOf(value: unknown, into: { plain: string[]; masked: TextPart[]; keys?: string[] }) {
  const pending = [value]
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next === 'string') into.plain.push(next)
    else if (Array.isArray(next)) pending.push(...(next as unknown[]))
    else if (isRecord(next)) {
      if (typeof next.phi === 'string' && typeof next.field === 'string') {
        into.masked.push({ phi: next.phi, field: next.field })
        continue
      }
      into.keys?.push(...Object.keys(next))
      // An unknown type's raw frame is shown masked whole: the renderer cannot know its fields.
      for (const [key, inner] of Object.entries(next)) if (key !== 'raw') pending.push(inner)
    }
  }
}

/**
 * The needles found in `strings`, the text a user or a consumer reads. A value is found when
 * some string holds it; one that is part of the export's own vocabulary (`resolved` is in the
 * type `forward_call_resolved`) only when a string is exactly it.
 */
function foundIn(strings: readonly string[], vocabulary: readonly string[]): string[] {
  const exact = new Set(strings)
  const text = strings.join('\n')
  return needles
    .filter((needle) => !unmarkedValues.has(needle.value))
    .filter((needle) =>
      vocabulary.some((word) => word.includes(needle.value))
        ? exact.has(needle.value)
        : text.includes(needle.value),
    )
    .map((needle) => `${needle.where}: ${needle.value}`)
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'co-phi-policy-'))
  sim = await startSimulator({ clock: 'manual', seed: 7, faults: { futureTypeEvery: 40 } })
  store = SessionStore.open({
    file: join(dir, 'sessions.db'),
    passphrase: 'correct horse battery staple',
  })
  live = new LiveWorkspace({ now: () => Date.now() })
  let connected = false
  let receivedWorkspace = 0
  const recorder = new Recorder({
    baseUrl: sim.baseUrl,
    workspaceId: sim.workspaceId,
    apiKey: sim.apiKey,
    store,
    observe: 'auto',
    tickMs: 20,
    clock: acceleratedClock(0.01),
    onStreamStatus: (status) => {
      if (status.state === 'connected') connected = true
    },
    onReceived: (event) => {
      if (event.source === 'workspace') receivedWorkspace++
      live.apply(event)
    },
  })
  await recorder.start()
  await until(() => connected, 'the workspace stream connected')

  // Simulated time moves a second at a time, and only once the recorder has caught up: every
  // workspace frame received, every live call observed. On a loaded machine it just takes longer.
  let scanned = 0
  let sentWorkspace = 0
  const started = new Set<string>()
  const ended = new Set<string>()
  const observedCalls = new Set<string>()
  const caughtUp = (): boolean => {
    for (const frame of sim.log.frames.slice(scanned)) {
      scanned++
      if (frame.stream === 'observer') observedCalls.add(frame.callSid)
      else if (frame.kind === 'event' && !frame.replayed) {
        sentWorkspace++
        const callSid = (JSON.parse(frame.data) as { call_sid?: unknown }).call_sid
        if (typeof callSid !== 'string') continue
        if (frame.event === 'call.started') started.add(callSid)
        if (frame.event === 'call.ended') ended.add(callSid)
      }
    }
    if (receivedWorkspace < sentWorkspace) return false
    for (const callSid of started)
      if (!ended.has(callSid) && !observedCalls.has(callSid)) return false
    return true
  }
  for (let second = 0; second < MINUTES * 60; second++) {
    sim.advance(1000)
    await until(caughtUp, 'the recorder caught up with the platform', 20_000)
    const changes = live.takeChanges()
    if (changes !== null) shown.push(changes)
  }
  // Settled when the store holds every workspace frame sent, and every observer frame or as many
  // as stop arriving: an observer is released on `call.ended`, and a `session_end` the platform
  // wrote just before it can still be in flight then (a frame log entry is what was written).
  const sentObserver = sim.log.frames.filter((f) => f.stream === 'observer').length
  let observed = -1
  let unchanged = 0
  await until(
    () => {
      const events = [...store.events({ all: true })]
      const workspace = events.filter((e) => e.source === 'workspace').length
      const observer = events.filter((e) => e.source === 'observer' && !e.backfilled).length
      unchanged = observer === observed ? unchanged + 1 : 0
      observed = observer
      return workspace >= sentWorkspace && (observer >= sentObserver || unchanged >= 200)
    },
    'every frame stored',
    30_000,
  )
  await recorder.stop()
  shown.push(live.takeChanges(), live.snapshot())

  const lines = (includePhi: boolean) =>
    [...store.events({ all: true })].map((event) => toNdjsonLine(event, { includePhi })).join('\n')
  redactedExport = lines(false)
  fullExport = lines(true)
  collectSent()
}, 180_000)

afterAll(async () => {
  store.close()
  await sim.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('the PHI policy on a recorded run of the demo platform', () => {
  it('saw PHI and clinical text of every kind the issue names', () => {
    for (const field of [
      'call.started.caller_id',
      'session_info.caller_id',
      'user_transcript.transcript',
      'agent_transcript.transcript',
      'tool_call_started.input',
      'call.escalated.reason',
      'operator.wrap_up.wrap_up_reason',
      'surface.review_rejected.reason',
      'channel.email_received.subject',
      'channel.email_received.from_address',
      'voice_context_applied.reasoning',
      'operator.profile_updated.changes',
      'session_end.emotional_summary',
      'participant_joined.display_name',
    ]) {
      expect([...seenIn], field).toContain(field)
    }
    expect(seenIn.has('pipeline.error.error') || seenIn.has('pipeline.error.error_message')).toBe(
      true,
    )
    expect(needles.filter((needle) => !unmarkedValues.has(needle.value)).length).toBeGreaterThan(
      200,
    )
  })

  it('leaves none of those values anywhere in the redacted export', () => {
    const parts = { plain: [] as string[], masked: [] as TextPart[], keys: [] as string[] }
    const lines = redactedExport.split('\n').map((line) => JSON.parse(line) as unknown)
    partsOf(lines, parts)
    const types = lines.flatMap((line) => (isRecord(line) ? [String(line.type)] : []))
    expect(foundIn(parts.plain, [...parts.keys, ...types])).toEqual([])
    // Nor as an object's JSON: `changes`, `emotional_summary`, a tool's input.
    const objects = needles.filter((needle) => needle.value === needle.inLine)
    expect(objects.length).toBeGreaterThan(10)
    expect(objects.filter((needle) => redactedExport.includes(needle.inLine))).toEqual([])
  })

  it('keeps every one of them in the export with PHI included', () => {
    const missing = needles.filter((needle) => !fullExport.includes(needle.inLine))
    expect(missing.map((needle) => `${needle.where}: ${needle.value}`)).toEqual([])
  })

  it('never shows one of them as plain text on the live views, and masks escalation reasons', () => {
    const parts = { plain: [] as string[], masked: [] as TextPart[], keys: [] as string[] }
    partsOf(shown, parts)
    expect(foundIn(parts.plain, [...parts.keys, ...parts.plain])).toEqual([])
    const reasons = new Set(
      needles.filter((needle) => needle.where === 'call.escalated.reason').map((n) => n.value),
    )
    const masked = parts.masked.filter(
      (part) => typeof part !== 'string' && part.field === 'reason' && reasons.has(part.phi),
    )
    expect(masked.length).toBeGreaterThan(0)
    // The inbox and the board show a reason as one masked part, and nothing else.
    const snapshot = live.snapshot()
    const shownReasons: Text[] = [
      ...snapshot.calls.flatMap((call: LiveCall) =>
        call.escalation === null ? [] : [call.escalation.reason],
      ),
      ...snapshot.escalations.map((item) => item.reason),
    ]
    expect(snapshot.escalations.length).toBeGreaterThan(0)
    for (const reason of shownReasons) {
      expect(reason).toHaveLength(1)
      expect(reason[0]).toMatchObject({ field: 'reason' })
    }
  })
})
