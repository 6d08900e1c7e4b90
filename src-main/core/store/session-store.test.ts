import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RecordBatch } from '../records'
import { SessionStore } from './session-store'
import {
  CALL_SID,
  malformedFrame,
  observerEvent,
  openRaw,
  PASSPHRASE,
  tempFolders,
  unknownEvent,
  workspaceEvent,
} from './testing/fixtures'

const folders = tempFolders()
let file: string
let store: SessionStore

beforeEach(() => {
  file = folders.file()
  store = SessionStore.open({ file, passphrase: PASSPHRASE })
})
afterEach(() => {
  store.close()
  folders.cleanup()
})

function batch(parts: Partial<RecordBatch>): RecordBatch {
  return { events: [], quarantined: [], cursor: null, ...parts }
}

const T0 = 1_767_225_600_000

describe('append', () => {
  it('stores events in recorded order, verbatim and normalized, known or not', () => {
    const started = workspaceEvent('call.started', {}, { sseId: `${T0 + 1}`, receivedAt: T0 + 1 })
    const said = observerEvent('user_transcript', {}, { receivedAt: T0 + 2 })
    const novel = unknownEvent('call.hold_music', `${T0 + 3}`, T0 + 3)
    const filled = observerEvent('agent_transcript', {}, { receivedAt: T0 + 4, backfilled: true })
    expect(store.append(batch({ events: [started, said, novel, filled] }))).toEqual({
      stored: 4,
      duplicates: 0,
      quarantined: 0,
      lost: 0,
    })
    const stored = [...store.events({ all: true })]
    expect(stored.map((event) => [event.seq, event.type, event.known, event.backfilled])).toEqual([
      [1, 'call.started', true, false],
      [2, 'user_transcript', true, false],
      [3, 'call.hold_music', false, false],
      [4, 'agent_transcript', true, true],
    ])
    expect(stored[0]).toMatchObject({
      source: 'workspace',
      callSid: CALL_SID,
      sessionId: null,
      sseId: `${T0 + 1}`,
      receivedAt: T0 + 1,
      raw: started.raw,
      payload: started.payload,
    })
    expect(stored[1]).toMatchObject({ source: 'observer', sseId: null, payload: said.payload })
    expect(stored[2]?.payload).toEqual(novel.payload)
  })

  it('ignores replayed workspace frames, in the same batch or a later one', () => {
    const first = workspaceEvent('call.started', {}, { sseId: `${T0 + 1}` })
    const second = workspaceEvent('call.escalated', {}, { sseId: `${T0 + 2}` })
    expect(store.append(batch({ events: [first, second, first] }))).toEqual({
      stored: 2,
      duplicates: 1,
      quarantined: 0,
      lost: 0,
    })
    // A reconnect resumes one id early and the server replays: nothing is stored twice.
    expect(store.append(batch({ events: [second, { ...first, receivedAt: T0 + 99 }] }))).toEqual({
      stored: 0,
      duplicates: 2,
      quarantined: 0,
      lost: 0,
    })
    expect(store.counts().events).toBe(2)
    expect(store.session(CALL_SID)?.eventCount).toBe(2)
  })

  it('keeps two different events that share one millisecond id', () => {
    const id = `${T0 + 5}`
    const a = workspaceEvent('operator.joined_call', {}, { sseId: id })
    const b = workspaceEvent('operator.mode_changed', {}, { sseId: id })
    const c = workspaceEvent('operator.joined_call', { mode: 'listen' }, { sseId: id })
    expect(store.append(batch({ events: [a, b, c] })).stored).toBe(3)
    expect(store.append(batch({ events: [a, b, c] })).duplicates).toBe(3)
  })

  it('never de-duplicates observer frames, which have no id', () => {
    const delta = observerEvent('agent_transcript_delta')
    expect(store.append(batch({ events: [delta, delta] })).stored).toBe(2)
    expect(store.append(batch({ events: [delta] })).stored).toBe(1)
  })

  it('keeps malformed frames in quarantine, de-duplicating replayed ones', () => {
    const broken = malformedFrame('{"call_sid": ', { sseId: `${T0 + 7}` })
    const untyped = malformedFrame('not json at all', { sseId: `${T0 + 8}`, type: null })
    const observed = malformedFrame('{{', { sseId: null, type: null })
    expect(store.append(batch({ quarantined: [broken, untyped, observed] }))).toEqual({
      stored: 0,
      duplicates: 0,
      quarantined: 3,
      lost: 0,
    })
    expect(store.append(batch({ quarantined: [broken, untyped, observed] }))).toEqual({
      stored: 0,
      duplicates: 2,
      quarantined: 1,
      lost: 0,
    })
    const kept = [...store.quarantined()]
    expect(kept.map((frame) => [frame.raw, frame.type, frame.reason])).toEqual([
      ['{"call_sid": ', 'call.started', 'not_json'],
      ['not json at all', null, 'not_json'],
      ['{{', null, 'not_json'],
      ['{{', null, 'not_json'],
    ])
    expect(store.counts()).toEqual({ events: 0, quarantined: 4, sessions: 0 })
  })

  it("reads one session's events, voice by call SID and text by session id", () => {
    const other = 'CAffffffffffffffffffffffffffffffff'
    store.append(
      batch({
        events: [
          workspaceEvent('call.started', {}, { sseId: `${T0 + 1}` }),
          observerEvent('user_transcript', {}, { callSid: other }),
          workspaceEvent('text.started', {}, { sseId: `${T0 + 2}` }),
          observerEvent('agent_transcript'),
          workspaceEvent('text.completed', {}, { sseId: `${T0 + 3}` }),
        ],
      }),
    )
    const types = (key: string) => [...store.events({ sessionKey: key })].map((e) => e.type)
    expect(types(CALL_SID)).toEqual(['call.started', 'agent_transcript'])
    expect(types(other)).toEqual(['user_transcript'])
    expect(types('txt_8f7e6d5c4b3a')).toEqual(['text.started', 'text.completed'])
    expect(types('no-such-session')).toEqual([])
  })

  it('pages through many events without loading them at once, and lets writes in between', () => {
    const events = Array.from({ length: 2500 }, (_, index) =>
      observerEvent('agent_transcript_delta', { delta: `part ${index}` }),
    )
    store.append(batch({ events }))
    let read = 0
    for (const event of store.events({ sessionKey: CALL_SID })) {
      read++
      if (event.seq <= 2500) expect(event.payload).toMatchObject({ delta: `part ${event.seq - 1}` })
      else expect(event.type).toBe('latency')
      // The writer may commit mid-export: no cursor is held open across pages.
      if (read === 1500) store.append(batch({ events: [observerEvent('latency')] }))
    }
    expect(read).toBe(2501)
  })
})

describe('stream cursor', () => {
  it('moves only up, comparing ids as numbers, and is written with its events', () => {
    expect(store.cursor()).toBeNull()
    store.append(
      batch({ events: [workspaceEvent('call.started', {}, { sseId: '999' })], cursor: '999' }),
    )
    expect(store.cursor()).toBe('999')
    store.append(batch({ cursor: '1000' }))
    expect(store.cursor()).toBe('1000')
    for (const lower of ['0', '999', '0999', '10', 'not-a-number', '']) {
      store.append(batch({ cursor: lower }))
      expect(store.cursor()).toBe('1000')
    }
    store.append(batch({ cursor: `${T0}` }))
    expect(store.cursor()).toBe(`${T0}`)
  })

  it('survives a reopen', () => {
    store.append(batch({ cursor: `${T0 + 42}` }))
    store.close()
    store = SessionStore.open({ file, passphrase: PASSPHRASE })
    expect(store.cursor()).toBe(`${T0 + 42}`)
  })

  it('does not move past a frame that failed with its batch', () => {
    store.append(batch({ cursor: `${T0}` }))
    // A frame the database cannot take even into quarantine (no raw text): counted as lost,
    // while the good frames of its batch and the cursor they reach are stored.
    const poisoned = { ...workspaceEvent('call.started', {}, { sseId: `${T0 + 1}` }), raw: null }
    const good = workspaceEvent('call.escalated', {}, { sseId: `${T0 + 2}` })
    const result = store.append(
      batch({ events: [poisoned as unknown as never, good], cursor: `${T0 + 2}` }),
    )
    expect(result).toEqual({ stored: 1, duplicates: 0, quarantined: 0, lost: 1 })
    expect(store.cursor()).toBe(`${T0 + 2}`)
    expect([...store.events({ all: true })].map((event) => event.type)).toEqual(['call.escalated'])
  })
})

describe('a frame that cannot be stored', () => {
  it('goes to quarantine with its raw text and why, and costs no other frame of its batch', () => {
    const before = workspaceEvent('call.started', {}, { sseId: `${T0 + 1}` })
    // A payload JSON cannot serialize (a BigInt stands for anything JSON.stringify throws on).
    const unserializable = Object.assign(unknownEvent('platform.future', `${T0 + 2}`, T0 + 2), {
      payload: { count: 10n },
    })
    const after = observerEvent('user_transcript', { transcript: 'I need a refill' })
    const result = store.append(batch({ events: [before, unserializable, after] }))
    expect(result).toEqual({ stored: 2, duplicates: 0, quarantined: 1, lost: 0 })
    expect([...store.events({ all: true })].map((event) => event.type)).toEqual([
      'call.started',
      'user_transcript',
    ])
    const [kept] = [...store.quarantined()]
    expect(kept).toMatchObject({
      reason: 'unstorable',
      type: 'platform.future',
      sseId: `${T0 + 2}`,
      raw: unserializable.raw,
    })
    expect(kept?.detail).toMatch(/could not be stored: it could not be serialized \(TypeError\)/)
    // The batch's summaries and full-text index are those of the stored frames alone.
    expect(store.session(CALL_SID)?.eventCount).toBe(2)
    expect(store.counts()).toMatchObject({ events: 2, quarantined: 1 })
  })

  it('is recognised as a replay like any quarantined frame', () => {
    const unserializable = Object.assign(unknownEvent('platform.future', `${T0 + 2}`, T0 + 2), {
      payload: { count: 10n },
    })
    store.append(batch({ events: [unserializable] }))
    expect(store.append(batch({ events: [unserializable] }))).toEqual({
      stored: 0,
      duplicates: 1,
      quarantined: 0,
      lost: 0,
    })
  })
})

describe('full-text index', () => {
  it('indexes final transcripts, keyed by event seq and session', () => {
    store.append(
      batch({
        events: [
          observerEvent('user_transcript', { transcript: 'Move my appointment to Thursday' }),
          observerEvent('user_transcript', { transcript: 'Thurs', is_final: false }),
          observerEvent('agent_transcript', { transcript: 'Thursday at nine works' }),
          observerEvent('agent_transcript_delta', { delta: 'Thursday' }),
        ],
      }),
    )
    const raw = openRaw(file)
    const hits = raw
      .prepare(
        "SELECT rowid AS seq, session_key AS key FROM transcript_fts WHERE transcript_fts MATCH 'thursday' ORDER BY rowid",
      )
      .all()
    raw.close()
    expect(hits).toEqual([
      { seq: 1, key: CALL_SID },
      { seq: 3, key: CALL_SID },
    ])
  })
})

describe('retention', () => {
  const DAY = 86_400_000
  const NOW = T0 + 100 * DAY

  it('deletes sessions older than N days with everything that belongs to them', () => {
    const old = 'CA00000000000000000000000000000old'
    const open = 'CA0000000000000000000000000000open'
    const recent = 'CA00000000000000000000000000recent'
    store.append(
      batch({
        events: [
          // Ended 40 days ago.
          workspaceEvent(
            'call.started',
            { call_sid: old },
            { sseId: `${T0}`, receivedAt: NOW - 41 * DAY },
          ),
          observerEvent('user_transcript', {}, { callSid: old, receivedAt: NOW - 41 * DAY }),
          observerEvent('latency', {}, { callSid: old, receivedAt: NOW - 41 * DAY }),
          workspaceEvent(
            'call.ended',
            { call_sid: old },
            { sseId: `${T0 + 1}`, receivedAt: NOW - 40 * DAY },
          ),
          // Started 35 days ago and never ended.
          observerEvent(
            'session_info',
            { start_time: 0 },
            { callSid: open, receivedAt: NOW - 35 * DAY },
          ),
          // Started 40 days ago, ended yesterday.
          observerEvent(
            'session_info',
            { start_time: 0 },
            { callSid: recent, receivedAt: NOW - 40 * DAY },
          ),
          observerEvent('session_end', {}, { callSid: recent, receivedAt: NOW - DAY }),
          // A session-less event from 50 days ago (it names an email address: PHI).
          workspaceEvent(
            'channel.email_opened',
            {},
            { sseId: `${T0 + 2}`, receivedAt: NOW - 50 * DAY },
          ),
          workspaceEvent('channel.email_opened', {}, { sseId: `${T0 + 3}`, receivedAt: NOW - DAY }),
        ],
        quarantined: [
          { ...malformedFrame('{bad', { sseId: null }), callSid: old },
          malformedFrame('{old', { receivedAt: NOW - 50 * DAY }),
        ],
      }),
    )
    const raw = openRaw(file)
    raw
      .prepare(
        "INSERT INTO annotations (session_key, event_seq, author, body, created_at) VALUES (?, 2, 'qa', 'check', 0)",
      )
      .run(old)

    expect(store.deleteSessionsOlderThan(30, NOW)).toBe(2)

    expect(store.listSessions().map((s) => s.key)).toEqual([recent])
    expect([...store.events({ all: true })].map((e) => e.type)).toEqual([
      'session_info',
      'session_end',
      'channel.email_opened',
    ])
    expect(store.counts()).toEqual({ events: 3, quarantined: 0, sessions: 1 })
    const left = (table: string) =>
      raw.prepare<[], number>(`SELECT count(*) FROM ${table}`).pluck().get()
    expect(left('transcript_fts')).toBe(0)
    expect(left('session_latencies')).toBe(0)
    expect(left('annotations')).toBe(0)
    raw.close()
    expect(store.deleteSessionsOlderThan(30, NOW)).toBe(0)
  })

  it('refuses a negative retention', () => {
    expect(() => store.deleteSessionsOlderThan(-1, NOW)).toThrow(RangeError)
  })
})
