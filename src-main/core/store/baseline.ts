import Database from 'better-sqlite3-multiple-ciphers'

/** One frame as the benchmark baseline stores it: the frame text and its parsed form, serialized. */
export interface BaselineRow {
  type: string
  sseId: string | null
  receivedAt: number
  raw: string
  payload: string
}

export interface BaselineSink {
  /** Inserts one batch in one transaction. */
  insertBatch(rows: readonly BaselineRow[]): void
  close(): void
}

/**
 * The ingest benchmark's baseline (issue 4, "Figures"): the same frames inserted in batches into
 * one plain table of an UNENCRYPTED database, with no indexes, de-duplication or summaries. It
 * lives here because all SQL lives in core/store. It uses the same journal and sync settings as
 * the session store (WAL, synchronous=FULL), so that the ratio measures what the store adds
 * (encryption, indexes, summaries), not a difference in durability.
 */
export function openBaselineSink(file: string): BaselineSink {
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.exec(`CREATE TABLE IF NOT EXISTS frames (
    id INTEGER PRIMARY KEY,
    type TEXT NOT NULL,
    sse_id TEXT,
    received_at INTEGER NOT NULL,
    raw TEXT NOT NULL,
    payload TEXT NOT NULL
  )`)
  const insert = db.prepare<BaselineRow>(
    `INSERT INTO frames (type, sse_id, received_at, raw, payload)
     VALUES (@type, @sseId, @receivedAt, @raw, @payload)`,
  )
  const insertBatch = db.transaction((rows: readonly BaselineRow[]) => {
    for (const row of rows) insert.run(row)
  })
  return {
    insertBatch: (rows) => {
      insertBatch(rows)
    },
    close: () => {
      db.close()
    },
  }
}
