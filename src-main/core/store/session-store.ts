import type Database from 'better-sqlite3-multiple-ciphers'
import type { RecordBatch } from '../recorder/records'
import { compareSseIds, CursorRepo, maxSseId, normalizeSseId } from './cursor'
import { asDatabaseUnavailable } from './errors'
import { EventRepo } from './event-repo'
import { openDatabase, type OpenDatabaseOptions } from './open'
import { RetentionRepo } from './retention'
import { BatchSummaries, sessionOf, transcriptOf } from './summaries'
import { SummaryRepo } from './summary-repo'
import type {
  AppendResult,
  EventSelector,
  SessionSummary,
  StoreCounts,
  StoredEvent,
  StoredQuarantinedFrame,
} from './types'

export interface OpenSessionStoreOptions extends OpenDatabaseOptions {
  /** The clock for the cursor's `updated_at` and retention's default `now`. */
  now?: () => number
}

/** Rows per read when exporting: bounded memory, few round trips. */
const PAGE_SIZE = 1000

/**
 * The encrypted session database: one facade over the repositories, each of which prepares its
 * statements once. Synchronous (better-sqlite3 is), so callers that must stay responsive write
 * through `BatchedWriter`, whose API is already async-shaped for a later move to a worker thread.
 */
export class SessionStore {
  readonly #db: Database.Database
  readonly #events: EventRepo
  readonly #summaries: SummaryRepo
  readonly #cursor: CursorRepo
  readonly #retention: RetentionRepo
  readonly #counts
  readonly #kindOf
  readonly #integrity
  readonly #appendInTransaction
  readonly #retainInTransaction

  readonly #now: () => number

  private constructor(
    db: Database.Database,
    readonly file: string,
    now: () => number,
  ) {
    this.#db = db
    this.#now = now
    this.#events = new EventRepo(db)
    this.#summaries = new SummaryRepo(db)
    this.#cursor = new CursorRepo(db)
    this.#retention = new RetentionRepo(db)
    this.#counts = db.prepare<[], StoreCounts>(
      `SELECT (SELECT count(*) FROM events) AS events,
              (SELECT count(*) FROM quarantine) AS quarantined,
              (SELECT count(*) FROM sessions) AS sessions`,
    )
    this.#kindOf = db
      .prepare<{ key: string }, string>('SELECT kind FROM sessions WHERE session_key = @key')
      .pluck()
    this.#integrity = db.prepare<[], string>('PRAGMA integrity_check').pluck()
    // IMMEDIATE: take the write lock at BEGIN, so a second writer waits (busy timeout) instead of
    // failing when a deferred read transaction tries to upgrade.
    const append = db.transaction((batch: RecordBatch) => this.#write(batch))
    this.#appendInTransaction = append.immediate.bind(append)
    const retain = db.transaction((days: number, now: number) =>
      this.#retention.deleteOlderThan(days, now),
    )
    this.#retainInTransaction = retain.immediate.bind(retain)
  }

  /** Opens (or creates) the database; see `openDatabase` for keying, errors and guarantees. */
  static open(options: OpenSessionStoreOptions): SessionStore {
    const db = openDatabase(options)
    try {
      return new SessionStore(db, options.file, options.now ?? Date.now)
    } catch (error) {
      db.close()
      throw error
    }
  }

  /**
   * Writes one batch in one transaction: its new events (replays ignored), its quarantined frames,
   * the session summaries they change, and the stream cursor they reach. When this returns, the
   * batch is durable (see the synchronous setting in open.ts); when it throws, none of it is.
   */
  append(batch: RecordBatch): AppendResult {
    try {
      return this.#appendInTransaction(batch)
    } catch (error) {
      throw asDatabaseUnavailable(error, this.file)
    }
  }

  #write(batch: RecordBatch): AppendResult {
    const result: AppendResult = { stored: 0, duplicates: 0, quarantined: 0 }
    const summaries = new BatchSummaries()
    // Ids only grow, so a frame above the highest id stored (or seen earlier in this batch) is
    // new; one at or below it may be a replay of the resume overlap, and is looked up.
    let highest = this.#cursor.read()
    for (const event of batch.events) {
      if (event.sseId !== null) {
        const id = normalizeSseId(event.sseId)
        const above = id !== null && (highest === null || compareSseIds(id, highest) > 0)
        if (above) highest = id
        else if (this.#events.isStored(event.sseId, event.type, event.raw)) {
          result.duplicates++
          continue
        }
      }
      const seq = this.#events.insertEvent(event)
      result.stored++
      const transcript = transcriptOf(event)
      if (transcript !== null) {
        this.#events.indexTranscript(seq, transcript, sessionOf(event)?.key ?? null)
      }
      summaries.add(event, seq)
    }
    for (const frame of batch.quarantined) {
      if (this.#events.insertQuarantined(frame)) result.quarantined++
      else result.duplicates++
    }
    for (const delta of summaries.deltas()) this.#summaries.apply(delta)
    // The cursor is the highest id stored, whatever the caller's batch says: the replay check
    // above relies on it.
    const reached = maxSseId([batch.cursor, highest, ...batch.quarantined.map((f) => f.sseId)])
    if (reached !== null) this.#cursor.advance(reached, this.#now())
    return result
  }

  /** Sessions, newest first (by start). */
  listSessions(options: { limit?: number; offset?: number } = {}): SessionSummary[] {
    return this.#guard(() => this.#summaries.list(options.limit ?? -1, options.offset ?? 0))
  }

  session(key: string): SessionSummary | undefined {
    return this.#guard(() => this.#summaries.get(key))
  }

  /**
   * Stored events in recorded order, read a page at a time (millions never load at once, and
   * writes can commit between pages). A session key unknown to the store yields nothing.
   */
  events(selector: EventSelector): IterableIterator<StoredEvent> {
    if ('all' in selector) return this.#guardAll(this.#events.allEvents(PAGE_SIZE))
    const key = selector.sessionKey
    const kind = this.#guard(() => this.#kindOf.get({ key }))
    if (kind === 'voice') return this.#guardAll(this.#events.eventsOfCall(key, PAGE_SIZE))
    if (kind === 'text') return this.#guardAll(this.#events.eventsOfTextSession(key, PAGE_SIZE))
    return this.#guardAll([])
  }

  quarantined(): IterableIterator<StoredQuarantinedFrame> {
    return this.#guardAll(this.#events.quarantined(PAGE_SIZE))
  }

  counts(): StoreCounts {
    const counts = this.#guard(() => this.#counts.get())
    if (counts === undefined) throw new Error('count query returned no row')
    return counts
  }

  /** The highest SSE id stored: the `Last-Event-ID` of the next connect. */
  cursor(): string | null {
    return this.#guard(() => this.#cursor.read())
  }

  /**
   * Deletes sessions whose end (or start, while still open) is more than `days` days before
   * `now`, with everything that belongs to them, and session-less events and quarantined frames
   * received before then. Returns how many sessions were deleted.
   */
  deleteSessionsOlderThan(days: number, now: number = this.#now()): number {
    try {
      return this.#retainInTransaction(days, now)
    } catch (error) {
      throw asDatabaseUnavailable(error, this.file)
    }
  }

  /** `PRAGMA integrity_check`: `['ok']` for a sound file. Reads every page: not for hot paths. */
  integrityCheck(): string[] {
    return this.#integrity.all()
  }

  close(): void {
    if (this.#db.open) this.#db.close()
  }

  /** A damaged page or a lost disk met mid-session is reported like one met at open. */
  #guard<T>(read: () => T): T {
    try {
      return read()
    } catch (error) {
      throw asDatabaseUnavailable(error, this.file)
    }
  }

  *#guardAll<T>(items: Iterable<T>): Generator<T, void, undefined> {
    try {
      yield* items
    } catch (error) {
      throw asDatabaseUnavailable(error, this.file)
    }
  }
}

/** Opens (or creates) the encrypted session database. */
export function openSessionStore(options: OpenSessionStoreOptions): SessionStore {
  return SessionStore.open(options)
}
