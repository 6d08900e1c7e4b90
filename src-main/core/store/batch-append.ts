import type Database from 'better-sqlite3-multiple-ciphers'
import type { QuarantinedFrame, RecordBatch, RecordedEvent } from '../records'
import { compareSseIds, type CursorRepo, maxSseId, normalizeSseId } from './cursor'
import { asDatabaseUnavailable, DatabaseUnavailableError, sqliteCodeOf } from './errors'
import type { BackfillDueRepo } from './backfill-due-repo'
import type { EventRepo } from './event-repo'
import { BatchSummaries, sessionOf, transcriptOf } from './summaries'
import type { SummaryRepo } from './summary-repo'
import type { AppendResult } from './types'

/**
 * Writes one batch of received frames in one transaction, so that each frame succeeds or fails
 * alone. The batch is first written whole (the common case, one transaction, fast). If one of its
 * frames cannot be written (a payload JSON cannot serialize, a value SQLite refuses), the
 * transaction is rolled back and the batch written again frame by frame, each in a savepoint of
 * the same transaction: a frame that fails is kept in quarantine as `unstorable`, with its raw
 * text, and the others are stored as if nothing happened. Only a failure of the database itself
 * (a full disk, I/O, a lock) fails the batch, which the batched writer then retries whole.
 */
export class BatchAppend {
  readonly #events: EventRepo
  readonly #summaries: SummaryRepo
  readonly #cursor: CursorRepo
  readonly #backfillDue: BackfillDueRepo
  readonly #now: () => number
  readonly #file: string
  readonly #whole: (batch: RecordBatch) => AppendResult
  readonly #oneByOne: (batch: RecordBatch) => AppendResult
  readonly #inSavepoint: (write: () => void) => void

  constructor(
    db: Database.Database,
    repos: {
      events: EventRepo
      summaries: SummaryRepo
      cursor: CursorRepo
      backfillDue: BackfillDueRepo
    },
    options: { now: () => number; file: string },
  ) {
    this.#events = repos.events
    this.#summaries = repos.summaries
    this.#cursor = repos.cursor
    this.#backfillDue = repos.backfillDue
    this.#now = options.now
    this.#file = options.file
    // IMMEDIATE: take the write lock at BEGIN, so a second writer waits (busy timeout) instead
    // of failing when a deferred read transaction tries to upgrade.
    const whole = db.transaction((batch: RecordBatch) => this.#write(batch, false))
    this.#whole = whole.immediate.bind(whole)
    const oneByOne = db.transaction((batch: RecordBatch) => this.#write(batch, true))
    this.#oneByOne = oneByOne.immediate.bind(oneByOne)
    // A transaction function called inside another runs as a SAVEPOINT, undone alone on throw.
    this.#inSavepoint = db.transaction((write: () => void) => {
      write()
    })
  }

  /** When this returns, the batch is durable; when it throws, none of it was written. */
  append(batch: RecordBatch): AppendResult {
    try {
      return this.#whole(batch)
    } catch (error) {
      const unavailable = asDatabaseUnavailable(error, this.#file)
      if (unavailable instanceof DatabaseUnavailableError) throw unavailable
    }
    try {
      return this.#oneByOne(batch)
    } catch (error) {
      throw asDatabaseUnavailable(error, this.#file)
    }
  }

  #write(batch: RecordBatch, isolated: boolean): AppendResult {
    const result: AppendResult = { stored: 0, duplicates: 0, quarantined: 0, lost: 0 }
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
      if (!isolated) {
        this.#writeEvent(event, summaries)
        result.stored++
        continue
      }
      const written = this.#isolated(() => {
        this.#writeEvent(event, summaries)
      })
      if (written.ok) result.stored++
      else count(result, this.#quarantineIsolated(unstorable(event, written.why)))
    }
    for (const frame of batch.quarantined) {
      if (isolated) count(result, this.#quarantineIsolated(frame))
      else count(result, this.#events.insertQuarantined(frame) ? 'kept' : 'duplicate')
    }
    for (const delta of summaries.deltas()) this.#summaries.apply(delta)
    for (const mark of batch.backfills ?? []) this.#backfillDue.apply(mark)
    // The cursor is the highest id stored, whatever the caller's batch says: the replay check
    // above relies on it.
    const reached = maxSseId([batch.cursor, highest, ...batch.quarantined.map((f) => f.sseId)])
    if (reached !== null) this.#cursor.advance(reached, this.#now())
    return result
  }

  #writeEvent(event: RecordedEvent, summaries: BatchSummaries): void {
    // Serialized first: a payload that cannot be fails here, before anything is written.
    const seq = this.#events.insertEvent(event, JSON.stringify(event.payload))
    const transcript = transcriptOf(event)
    if (transcript !== null) {
      this.#events.indexTranscript(seq, transcript, sessionOf(event)?.key ?? null)
    }
    // Last, so that a throw leaves the batch's summaries as they were.
    summaries.add(event, seq)
  }

  /** Runs one frame's writes in a savepoint: what they returned, or why they failed. */
  #isolated<T>(write: () => T): { ok: true; value: T } | { ok: false; why: string } {
    try {
      let value: T | undefined
      this.#inSavepoint(() => {
        value = write()
      })
      return { ok: true, value: value as T }
    } catch (error) {
      // A failure of the database itself fails the whole batch, to be retried.
      const unavailable = asDatabaseUnavailable(error, this.#file)
      if (unavailable instanceof DatabaseUnavailableError) throw unavailable
      return { ok: false, why: describeFailure(error) }
    }
  }

  /** Keeps a frame in quarantine in a savepoint of its own. */
  #quarantineIsolated(frame: QuarantinedFrame): QuarantineOutcome {
    const inserted = this.#isolated(() => this.#events.insertQuarantined(frame))
    if (!inserted.ok) return 'lost'
    return inserted.value ? 'kept' : 'duplicate'
  }
}

/** A quarantined frame was kept, was a replay of one kept before, or could not be kept at all. */
type QuarantineOutcome = 'kept' | 'duplicate' | 'lost'

function count(result: AppendResult, outcome: QuarantineOutcome): void {
  if (outcome === 'kept') result.quarantined++
  else if (outcome === 'duplicate') result.duplicates++
  else result.lost++
}

/** What went wrong, by kind only: an error's message can quote the value it choked on. */
function describeFailure(error: unknown): string {
  const code = sqliteCodeOf(error)
  if (code !== null) return `SQLite refused it (${code})`
  if (error instanceof RangeError) return 'it is too large or too deeply nested to serialize'
  if (error instanceof Error) return `it could not be serialized (${error.name})`
  return 'it could not be written'
}

/** An event that could not be stored, as a quarantine entry with its raw text. */
function unstorable(event: RecordedEvent, why: string): QuarantinedFrame {
  return {
    source: event.source,
    sseId: event.sseId,
    receivedAt: event.receivedAt,
    raw: event.raw,
    type: event.type,
    reason: 'unstorable',
    detail: `${event.type}: normalized, but could not be stored: ${why}`,
    callSid: event.callSid,
    sessionId: event.sessionId,
    oversized: null,
  }
}
