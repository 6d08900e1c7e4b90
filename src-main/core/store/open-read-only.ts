import { accessSync, constants } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import Database from 'better-sqlite3-multiple-ciphers'
import { asDatabaseUnavailable, DatabaseUnavailableError, sqliteCodeOf } from './errors'
import {
  assertUsablePassphrase,
  configureMemory,
  existingSize,
  keyAndVerify,
  PLAIN_SQLITE_HEADER,
  readHeader,
} from './keying'
import { planMigrations } from './migrate'
import type { Migration } from './migrations'

// `immutable=1` (below) is a URI parameter, and this build of SQLite reads URIs only when the
// addon is loaded with SQLITE_USE_URI=1 (a process-wide setting, read once). Every path we open
// is made absolute first, so no file name of ours can be taken for a URI by accident.
process.env.SQLITE_USE_URI ??= '1'

export interface OpenReadOnlyOptions {
  file: string
  passphrase: string
  busyTimeoutMs: number
  migrations: readonly Migration[]
}

function folderIsWritable(file: string): boolean {
  try {
    accessSync(dirname(file), constants.W_OK)
    return true
  } catch {
    return false
  }
}

/**
 * Opens an existing database for reading only: it never creates a file, never migrates, never
 * checkpoints and never writes, so the file stays byte for byte as it was (mtime included). The
 * key and schema are checked exactly as for writing. A database that would need a migration is
 * refused: reading must not be what upgrades it.
 *
 * A database whose folder cannot be written (an archive from another machine, a read-only mount)
 * is opened `immutable` when no `-wal` file holds changes: in WAL mode SQLite otherwise wants to
 * create `-shm` and `-wal` beside it and fails. Without a `-wal` file every committed page is in
 * the main file, and no one is writing (a writer keeps its `-wal` while it has the file open).
 */
export function openReadOnly(options: OpenReadOnlyOptions): Database.Database {
  const { passphrase, migrations } = options
  const file = resolve(options.file)
  assertUsablePassphrase(passphrase)
  let db: Database.Database | null = null
  try {
    const size = existingSize(file)
    if (size === null) throw new DatabaseUnavailableError('missing', options.file)
    if (size === 0) throw new DatabaseUnavailableError('empty', options.file)
    if (readHeader(file).equals(PLAIN_SQLITE_HEADER)) {
      throw new DatabaseUnavailableError('wrong_key_or_not_a_database', options.file)
    }
    const walSize = existingSize(`${file}-wal`) ?? 0
    const immutable = walSize === 0 && !folderIsWritable(file)
    const name = immutable ? `${pathToFileURL(file).href}?immutable=1` : file
    try {
      db = new Database(name, {
        readonly: true,
        fileMustExist: true,
        timeout: options.busyTimeoutMs,
      })
      keyAndVerify(db, passphrase)
    } catch (error) {
      // A read-only folder, changes in a -wal file and no -shm beside it: SQLite cannot read the
      // -wal (it fails at the first read), and the main file alone would miss its latest commits.
      const code = sqliteCodeOf(error) ?? ''
      if (walSize > 0 && !folderIsWritable(file) && code.startsWith('SQLITE_CANTOPEN')) {
        throw new DatabaseUnavailableError('read_only_folder', options.file, {}, { cause: error })
      }
      throw error
    }
    const plan = planMigrations(db, migrations, options.file)
    if (plan.pending.length > 0) {
      throw new DatabaseUnavailableError('needs_upgrade', options.file, {
        foundVersion: plan.currentVersion,
        knownVersion: migrations.at(-1)?.version ?? 0,
      })
    }
    configureMemory(db)
    // Belt and braces: a statement that would write fails, whatever the connection's flags.
    db.pragma('query_only = ON')
    return db
  } catch (error) {
    db?.close()
    throw asDatabaseUnavailable(error, options.file)
  }
}
