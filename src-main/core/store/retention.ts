import type Database from 'better-sqlite3-multiple-ciphers'
import type { SessionKind } from './types'

const DAY_MS = 86_400_000
const TRANSCRIPT_TYPES = `('user_transcript', 'agent_transcript')`

/**
 * Deletes what is older than the retention period: whole sessions (their events, full-text rows,
 * latencies, quarantined frames and annotations), plus events and quarantined frames that belong
 * to no session (operator, surface, channel events…), which can hold PHI too (an email address)
 * and would otherwise outlive every retention setting.
 */
export class RetentionRepo {
  readonly #expired
  readonly #deleteSession
  readonly #deleteOrphans

  constructor(db: Database.Database) {
    this.#expired = db.prepare<{ cutoff: number }, { key: string; kind: SessionKind }>(
      `SELECT session_key AS key, kind FROM sessions WHERE coalesce(ended_at, started_at) < @cutoff`,
    )
    const byKey = (sql: string) => db.prepare<{ key: string }>(sql)
    const voice = [
      byKey(`DELETE FROM transcript_fts WHERE rowid IN (
               SELECT seq FROM events WHERE call_sid = @key AND type IN ${TRANSCRIPT_TYPES})`),
      byKey('DELETE FROM events WHERE call_sid = @key'),
      byKey('DELETE FROM quarantine WHERE call_sid = @key'),
      byKey('DELETE FROM backfill_due WHERE call_sid = @key'),
    ]
    const text = [
      byKey(`DELETE FROM transcript_fts WHERE rowid IN (
               SELECT seq FROM events WHERE session_id = @key AND type IN ${TRANSCRIPT_TYPES})`),
      byKey('DELETE FROM events WHERE session_id = @key'),
      byKey('DELETE FROM quarantine WHERE session_id = @key'),
    ]
    const either = [
      byKey('DELETE FROM session_latencies WHERE session_key = @key'),
      byKey('DELETE FROM annotations WHERE session_key = @key'),
      byKey('DELETE FROM sessions WHERE session_key = @key'),
    ]
    this.#deleteSession = { voice: [...voice, ...either], text: [...text, ...either] }
    // No index on received_at (it would cost every insert): this scans once per retention run.
    this.#deleteOrphans = [
      `DELETE FROM transcript_fts WHERE rowid IN (
         SELECT seq FROM events WHERE call_sid IS NULL AND session_id IS NULL
           AND received_at < @cutoff AND type IN ${TRANSCRIPT_TYPES})`,
      `DELETE FROM events
       WHERE call_sid IS NULL AND session_id IS NULL AND received_at < @cutoff`,
      `DELETE FROM quarantine
       WHERE call_sid IS NULL AND session_id IS NULL AND received_at < @cutoff`,
    ].map((sql) => db.prepare<{ cutoff: number }>(sql))
  }

  /** Runs inside the caller's transaction; returns how many sessions were deleted. */
  deleteOlderThan(days: number, now: number): number {
    if (!Number.isFinite(days) || days < 0) {
      throw new RangeError(`retention must be a non-negative number of days, got ${days}`)
    }
    const cutoff = now - days * DAY_MS
    const expired = this.#expired.all({ cutoff })
    for (const { key, kind } of expired) {
      for (const statement of this.#deleteSession[kind]) statement.run({ key })
    }
    for (const statement of this.#deleteOrphans) statement.run({ cutoff })
    return expired.length
  }
}
