import Database from 'better-sqlite3-multiple-ciphers'
import { keyAndVerify } from './keying'
import { configure } from './open'

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
 * The ingest benchmark's baselines: the same frames inserted in batches into one plain table,
 * with no indexes, de-duplication or summaries. It lives here because all SQL lives in core/store.
 *
 * - Unencrypted (no `passphrase`), with the session store's journal and sync settings (WAL,
 *   synchronous=FULL): the ratio measures everything the store adds, encryption included.
 * - Encrypted (`passphrase`): keyed and configured exactly as the session store is (SQLCipher
 *   scheme, 16 KiB pages, WAL, synchronous=FULL, the same cache): the floor any encrypted recorder
 *   pays, so the ratio to it shows the cost of our own work apart from the cipher's.
 */
export function openBaselineSink(
  file: string,
  options: { passphrase?: string } = {},
): BaselineSink {
  const db = new Database(file)
  if (options.passphrase === undefined) {
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = FULL')
  } else {
    keyAndVerify(db, options.passphrase)
    configure(db)
  }
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
