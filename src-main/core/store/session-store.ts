import type Database from 'better-sqlite3-multiple-ciphers'
import type { RecordBatch } from '../records'
import { BackfillDueRepo } from './backfill-due-repo'
import { BatchAppend } from './batch-append'
import { CursorRepo } from './cursor'
import { asDatabaseUnavailable } from './errors'
import { EventRepo } from './event-repo'
import { openDatabase, type OpenDatabaseOptions } from './open'
import { RetentionRepo } from './retention'
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
  readonly #batches: BatchAppend
  readonly #backfillDue: BackfillDueRepo
  readonly #retainInTransaction

  readonly #now: () => number

  private constructor(
    db: Database.Database,
    readonly file: string,
    now: () => number,
    /** Opened with `mode: 'read'`: writing is a bug, refused before SQLite sees it. */
    readonly readOnly: boolean,
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
    this.#backfillDue = new BackfillDueRepo(db)
    this.#batches = new BatchAppend(
      db,
      {
        events: this.#events,
        summaries: this.#summaries,
        cursor: this.#cursor,
        backfillDue: this.#backfillDue,
      },
      { now, file },
    )
    const retain = db.transaction((days: number, now: number) =>
      this.#retention.deleteOlderThan(days, now),
    )
    this.#retainInTransaction = retain.immediate.bind(retain)
  }

  /**
   * Opens (or creates) the database; with `mode: 'read'`, opens an existing one without changing
   * it. See `openDatabase` for keying, errors and guarantees.
   */
  static open(options: OpenSessionStoreOptions): SessionStore {
    const db = openDatabase(options)
    try {
      return new SessionStore(db, options.file, options.now ?? Date.now, options.mode === 'read')
    } catch (error) {
      db.close()
      throw error
    }
  }

  /**
   * Writes one batch in one transaction: its new events (replays ignored), its quarantined frames,
   * the session summaries they change, and the stream cursor they reach. When this returns, the
   * batch is durable (see the synchronous setting in open.ts); when it throws, none of it is. A
   * frame that cannot be stored is kept in quarantine instead (see BatchAppend).
   */
  append(batch: RecordBatch): AppendResult {
    this.#assertWritable()
    return this.#batches.append(batch)
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

  /** Calls whose record still has to be completed from REST (see migration 40), oldest first. */
  backfillsDue(): string[] {
    return this.#guard(() => this.#backfillDue.list())
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
    this.#assertWritable()
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

  #assertWritable(): void {
    if (this.readOnly) throw new TypeError('This session store was opened read-only.')
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
