import { hash } from 'node:crypto'
import type Database from 'better-sqlite3-multiple-ciphers'
import type { EventSource, QuarantinedFrame, RecordedEvent } from '../records'
import type { StoredEvent, StoredQuarantinedFrame } from './types'

type Bit = 0 | 1

interface EventRow {
  seq: number
  source: EventSource
  type: string
  known: Bit
  call_sid: string | null
  session_id: string | null
  sse_id: string | null
  received_at: number
  payload: string
  raw: string
  backfilled: Bit
}

interface QuarantineRow {
  id: number
  source: EventSource
  type: string | null
  reason: string
  detail: string
  call_sid: string | null
  session_id: string | null
  sse_id: string | null
  received_at: number
  raw: string
  byte_length: number | null
  sha256: string | null
}

interface Page {
  after: number
  limit: number
}

const EVENT_COLUMNS = `seq, source, type, known, call_sid, session_id, sse_id, received_at, payload,
  raw, backfilled`

/** The read queries, exported so that tests can check their plans (EXPLAIN QUERY PLAN). */
export const eventQueries = {
  all: `SELECT ${EVENT_COLUMNS} FROM events WHERE seq > @after ORDER BY seq LIMIT @limit`,
  byCall: `SELECT ${EVENT_COLUMNS} FROM events
    WHERE call_sid = @key AND seq > @after ORDER BY seq LIMIT @limit`,
  byTextSession: `SELECT ${EVENT_COLUMNS} FROM events
    WHERE session_id = @key AND seq > @after ORDER BY seq LIMIT @limit`,
  replayOf: `SELECT 1 FROM events WHERE sse_id = @sseId AND type = @type AND raw = @raw LIMIT 1`,
}

/**
 * The identity of a replayable malformed frame beyond its id and type, for quarantine's unique
 * index: a hash of its text (20 bytes instead of the whole frame), or of the whole frame's hash
 * when only its head was kept. Only workspace frames have an id to replay by.
 */
function replayHash(frame: QuarantinedFrame): Buffer | null {
  if (frame.sseId === null) return null
  return hash('sha1', frame.oversized?.sha256 ?? frame.raw, 'buffer')
}

function parsePayload(text: string): Record<string, unknown> {
  const value: unknown = JSON.parse(text)
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error('a stored event payload is not a JSON object')
  }
  return value as Record<string, unknown>
}

function toStoredEvent(row: EventRow): StoredEvent {
  return {
    seq: row.seq,
    source: row.source,
    type: row.type,
    known: row.known === 1,
    callSid: row.call_sid,
    sessionId: row.session_id,
    sseId: row.sse_id,
    receivedAt: row.received_at,
    payload: parsePayload(row.payload),
    raw: row.raw,
    backfilled: row.backfilled === 1,
  }
}

function toStoredQuarantined(row: QuarantineRow): StoredQuarantinedFrame {
  return {
    id: row.id,
    source: row.source,
    type: row.type,
    reason: row.reason,
    detail: row.detail,
    callSid: row.call_sid,
    sessionId: row.session_id,
    sseId: row.sse_id,
    receivedAt: row.received_at,
    raw: row.raw,
    oversized:
      row.byte_length === null || row.sha256 === null
        ? null
        : { byteLength: row.byte_length, sha256: row.sha256 },
  }
}

/**
 * Reads a query page by page (keyset pagination on its ordering key) instead of holding one
 * `.iterate()` cursor open: a long export must not keep the connection busy, or the batched
 * writer could not commit between two pages. Memory stays bounded by the page size.
 */
function* paged<Row, Item>(
  read: (page: Page) => Row[],
  keyOf: (row: Row) => number,
  map: (row: Row) => Item,
  limit: number,
): Generator<Item, void, undefined> {
  let after = -1
  for (;;) {
    const rows = read({ after, limit })
    for (const row of rows) yield map(row)
    const last = rows.at(-1)
    if (last === undefined || rows.length < limit) return
    after = keyOf(last)
  }
}

/** The events, quarantine and full-text tables: inserts for `append`, paged reads for export. */
export class EventRepo {
  readonly #insertEvent
  readonly #isStored
  readonly #insertQuarantined
  readonly #indexTranscript
  readonly #pageAll
  readonly #pageByCall
  readonly #pageByTextSession
  readonly #pageQuarantine

  constructor(db: Database.Database) {
    // Replays are recognised before the insert (`isStored`): a row failing NOT NULL or CHECK must
    // be an error, never silently a "duplicate".
    this.#insertEvent = db.prepare<{
      source: EventSource
      type: string
      known: Bit
      callSid: string | null
      sessionId: string | null
      sseId: string | null
      receivedAt: number
      payload: string
      raw: string
      backfilled: Bit
    }>(
      `INSERT INTO events (source, type, known, call_sid, session_id, sse_id, received_at, payload,
         raw, backfilled)
       VALUES (@source, @type, @known, @callSid, @sessionId, @sseId, @receivedAt, @payload, @raw,
         @backfilled)`,
    )
    this.#isStored = db
      .prepare<{ sseId: string; type: string; raw: string }, number>(eventQueries.replayOf)
      .pluck()
    this.#insertQuarantined = db.prepare<{
      source: EventSource
      type: string | null
      reason: string
      detail: string
      callSid: string | null
      sessionId: string | null
      sseId: string | null
      receivedAt: number
      raw: string
      rawSha1: Buffer | null
      byteLength: number | null
      sha256: string | null
    }>(
      `INSERT INTO quarantine (source, type, reason, detail, call_sid, session_id, sse_id,
         received_at, raw, raw_sha1, byte_length, sha256)
       VALUES (@source, @type, @reason, @detail, @callSid, @sessionId, @sseId, @receivedAt, @raw,
         @rawSha1, @byteLength, @sha256)
       ON CONFLICT DO NOTHING`,
    )
    this.#indexTranscript = db.prepare<{
      seq: number
      transcript: string
      sessionKey: string | null
    }>(
      `INSERT INTO transcript_fts (rowid, transcript, session_key)
       VALUES (@seq, @transcript, @sessionKey)`,
    )
    this.#pageAll = db.prepare<Page, EventRow>(eventQueries.all)
    this.#pageByCall = db.prepare<Page & { key: string }, EventRow>(eventQueries.byCall)
    this.#pageByTextSession = db.prepare<Page & { key: string }, EventRow>(
      eventQueries.byTextSession,
    )
    this.#pageQuarantine = db.prepare<Page, QuarantineRow>(
      `SELECT id, source, type, reason, detail, call_sid, session_id, sse_id, received_at, raw,
         byte_length, sha256
       FROM quarantine WHERE id > @after ORDER BY id LIMIT @limit`,
    )
  }

  /** Whether this workspace frame (same id, type and text) is stored already: a replay. */
  isStored(sseId: string, type: string, raw: string): boolean {
    return this.#isStored.get({ sseId, type, raw }) !== undefined
  }

  /**
   * Stores one event (the caller has ruled out a replay); returns its seq. `payload` is the
   * event's payload as JSON, serialized by the caller so that a payload that cannot be is
   * caught before anything is written.
   */
  insertEvent(event: RecordedEvent, payload: string): number {
    const result = this.#insertEvent.run({
      source: event.source,
      type: event.type,
      known: event.known ? 1 : 0,
      callSid: event.callSid,
      sessionId: event.sessionId,
      sseId: event.sseId,
      receivedAt: event.receivedAt,
      payload,
      raw: event.raw,
      backfilled: event.backfilled ? 1 : 0,
    })
    return Number(result.lastInsertRowid)
  }

  /** Keeps one malformed frame; returns false when it is a replay of a stored one. */
  insertQuarantined(frame: QuarantinedFrame): boolean {
    const result = this.#insertQuarantined.run({
      source: frame.source,
      type: frame.type,
      reason: frame.reason,
      detail: frame.detail,
      callSid: frame.callSid,
      sessionId: frame.sessionId,
      sseId: frame.sseId,
      receivedAt: frame.receivedAt,
      raw: frame.raw,
      rawSha1: replayHash(frame),
      byteLength: frame.oversized?.byteLength ?? null,
      sha256: frame.oversized?.sha256 ?? null,
    })
    return result.changes > 0
  }

  indexTranscript(seq: number, transcript: string, sessionKey: string | null): void {
    this.#indexTranscript.run({ seq, transcript, sessionKey })
  }

  allEvents(pageSize: number): Generator<StoredEvent, void, undefined> {
    return paged((page) => this.#pageAll.all(page), rowSeq, toStoredEvent, pageSize)
  }

  eventsOfCall(callSid: string, pageSize: number): Generator<StoredEvent, void, undefined> {
    const read = (page: Page) => this.#pageByCall.all({ ...page, key: callSid })
    return paged(read, rowSeq, toStoredEvent, pageSize)
  }

  eventsOfTextSession(
    sessionId: string,
    pageSize: number,
  ): Generator<StoredEvent, void, undefined> {
    const read = (page: Page) => this.#pageByTextSession.all({ ...page, key: sessionId })
    return paged(read, rowSeq, toStoredEvent, pageSize)
  }

  quarantined(pageSize: number): Generator<StoredQuarantinedFrame, void, undefined> {
    return paged(
      (page) => this.#pageQuarantine.all(page),
      (row) => row.id,
      toStoredQuarantined,
      pageSize,
    )
  }
}

function rowSeq(row: EventRow): number {
  return row.seq
}
