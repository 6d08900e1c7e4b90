import type Database from 'better-sqlite3-multiple-ciphers'
import type { BackfillMark } from '../records'

/** The `backfill_due` table: calls whose record still has to be completed from REST. */
export class BackfillDueRepo {
  readonly #mark
  readonly #clear
  readonly #list

  constructor(db: Database.Database) {
    this.#mark = db.prepare<{ callSid: string; at: number }>(
      `INSERT INTO backfill_due (call_sid, since) VALUES (@callSid, @at) ON CONFLICT DO NOTHING`,
    )
    this.#clear = db.prepare<{ callSid: string }>(
      'DELETE FROM backfill_due WHERE call_sid = @callSid',
    )
    this.#list = db
      .prepare<[], string>('SELECT call_sid FROM backfill_due ORDER BY since, call_sid')
      .pluck()
  }

  /** Applies one mark (inside the caller's transaction). */
  apply(mark: BackfillMark): void {
    if (mark.due) this.#mark.run({ callSid: mark.callSid, at: mark.at })
    else this.#clear.run({ callSid: mark.callSid })
  }

  list(): string[] {
    return this.#list.all()
  }
}
