import type Database from 'better-sqlite3-multiple-ciphers'

/**
 * SSE ids are millisecond timestamps as decimal strings (spec 2.3), so they are ordered as
 * numbers, not as text ('999' < '1000'), and never through a float (no precision limit).
 */

/** The id in canonical decimal form (no leading zeros), or null if it is not a decimal integer. */
export function normalizeSseId(id: string): string | null {
  if (!/^\d+$/.test(id)) return null
  const stripped = id.replace(/^0+/, '')
  return stripped === '' ? '0' : stripped
}

/** Numeric order of two canonical ids: negative, zero or positive. */
export function compareSseIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length
  return a < b ? -1 : a > b ? 1 : 0
}

/** The highest decimal id among `ids`, canonical; null when there is none. */
export function maxSseId(ids: Iterable<string | null>): string | null {
  let best: string | null = null
  for (const id of ids) {
    const canonical = id === null ? null : normalizeSseId(id)
    if (canonical !== null && (best === null || compareSseIds(canonical, best) > 0)) {
      best = canonical
    }
  }
  return best
}

/** The workspace stream's resume point. One row per stream; only the workspace stream has ids. */
export class CursorRepo {
  readonly #advance
  readonly #read

  constructor(db: Database.Database) {
    // The comparison is in SQL, inside the write transaction, so that it holds even against
    // another process writing the same file: the stored id only ever moves up.
    this.#advance = db.prepare<{ id: string; now: number }>(
      `INSERT INTO stream_cursor (stream, last_event_id, updated_at) VALUES ('workspace', @id, @now)
       ON CONFLICT (stream) DO UPDATE SET
         last_event_id = excluded.last_event_id, updated_at = excluded.updated_at
       WHERE length(excluded.last_event_id) > length(last_event_id)
          OR (length(excluded.last_event_id) = length(last_event_id)
              AND excluded.last_event_id > last_event_id)`,
    )
    this.#read = db
      .prepare<[], string>(`SELECT last_event_id FROM stream_cursor WHERE stream = 'workspace'`)
      .pluck()
  }

  /** Raises the cursor to `id` if it is a decimal id above the stored one; otherwise no change. */
  advance(id: string, now: number): void {
    const canonical = normalizeSseId(id)
    if (canonical !== null) this.#advance.run({ id: canonical, now })
  }

  read(): string | null {
    return this.#read.get() ?? null
  }
}
