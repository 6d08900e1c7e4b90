import { closeSync, openSync, readSync, rmSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3-multiple-ciphers'
import { applyMigrations, planMigrations } from './migrate'
import { migrations as releasedMigrations, type Migration } from './migrations'
import { asDatabaseUnavailable, DatabaseUnavailableError, sqliteCodeOf } from './errors'

export interface OpenDatabaseOptions {
  /** The database file; created (with the full schema) if it does not exist. */
  file: string
  /** Never logged, never put in a message. Must not be empty: an empty key means no encryption. */
  passphrase: string
  /**
   * How long to wait for another connection's lock before giving up with `locked`. Default
   * 5000 ms: long enough to ride out another process's commit or checkpoint.
   */
  busyTimeoutMs?: number
  /** The schema steps; tests pass their own. Default: every released migration. */
  migrations?: readonly Migration[]
}

const PLAIN_SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1')

/** The first 16 bytes of the file; an empty buffer for an empty or missing file. */
function readHeader(file: string): Buffer {
  const header = Buffer.alloc(PLAIN_SQLITE_HEADER.length)
  const fd = openSync(file, 'r')
  try {
    const read = readSync(fd, header, 0, header.length, 0)
    return header.subarray(0, read)
  } finally {
    closeSync(fd)
  }
}

function existingSize(file: string): number | null {
  try {
    return statSync(file).size
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return null
    throw error
  }
}

/** A string literal for a PRAGMA: single quotes doubled, so no passphrase can end the literal. */
function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`
}

function assertUsablePassphrase(passphrase: string): void {
  if (passphrase.length === 0) {
    // SQLite3 Multiple Ciphers treats an empty key as "no encryption": refuse rather than
    // silently write PHI in plaintext.
    throw new TypeError('The database passphrase is empty; an empty key would not encrypt.')
  }
  if (passphrase.includes('\0')) {
    throw new TypeError(
      'The database passphrase contains a NUL character, which SQLite cannot take.',
    )
  }
}

/**
 * Keys the connection with the SQLCipher scheme and proves the key right by reading the schema.
 * Nothing here writes: with a wrong key, or a file that is not ours, every page fails to
 * authenticate and SQLite answers SQLITE_NOTADB before touching the file.
 */
function keyAndVerify(db: Database.Database, passphrase: string): void {
  // SQLCipher 4 defaults (PBKDF2-HMAC-SHA512, 256,000 iterations, AES-256-CBC, HMAC-SHA512 per
  // page), so the sqlcipher shell or DB Browser for SQLCipher open the file with the same
  // passphrase (and `PRAGMA cipher_page_size = 16384`, see configure).
  db.pragma(`cipher = 'sqlcipher'`)
  try {
    db.pragma(`key = ${sqlString(passphrase)}`)
  } catch (error) {
    // Never let an error message quote the statement that holds the passphrase: the cause is
    // dropped on purpose, only its SQLite code is kept.
    // eslint-disable-next-line preserve-caught-error
    throw new Error(`keying the database failed (${sqliteCodeOf(error) ?? 'unknown error'})`)
  }
  db.prepare('SELECT count(*) FROM sqlite_master').pluck().get()
  const cipher = db.pragma('cipher', { simple: true })
  if (cipher !== 'sqlcipher') throw new Error(`the database cipher is ${String(cipher)}`)
}

/**
 * Connection settings, applied only after the key is proven and the schema accepted, because
 * switching the journal mode writes the file header.
 */
function configure(db: Database.Database): void {
  // 16 KiB pages for a new file (a no-op on an existing one): this SQLite3MC build encrypts in
  // software (AES-256-CBC and HMAC-SHA512 per page), and every commit re-encrypts each page it
  // touches; bigger pages mean fewer page headers, fewer B-tree splits and fewer pages per event.
  // Measured: about 15-20 % more append throughput than 4 KiB.
  db.pragma('page_size = 16384')
  const mode = db.pragma('journal_mode = WAL', { simple: true })
  if (mode !== 'wal') throw new Error(`could not switch the database to WAL (got ${String(mode)})`)
  // Durability: WAL with synchronous=FULL fsyncs the WAL on every commit, so a transaction that
  // `append` returned from survives kill -9 and power loss alike. (NORMAL would survive a killed
  // process but could lose the last commits on power loss: not good enough, because the recorder
  // reports events as stored once committed.) The cost is one fsync per batch, one batch per
  // tick, far below the ingest rate. What a crash can lose: only frames received but not yet
  // committed, which were never reported stored (and which the workspace stream replays from the
  // stored cursor on the next connect, within the server's replay window).
  db.pragma('synchronous = FULL')
  // Temporary tables and sort spills stay in memory: a temp file would hold PHI outside the
  // encrypted database file.
  db.pragma('temp_store = MEMORY')
  // 16 MiB of decrypted pages: writes append, so the hot pages (each B-tree's right edge and the
  // sessions being summarized) fit many times over; 64 MiB measured no faster and cost 50 MB of
  // resident memory per connection.
  db.pragma('cache_size = -16384')
  // Truncate the WAL back to this size after a checkpoint instead of letting it keep its peak.
  db.pragma('journal_size_limit = 67108864')
}

/** Removes a database we created ourselves and then failed to set up (and its WAL files). */
function removeCreated(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true })
}

/**
 * Opens (or creates) the encrypted session database, verifies the key, checks the schema and
 * migrates it. Every failure the user can act on is a `DatabaseUnavailableError`, and for an
 * existing file every refusal happens before the first write, so the file is left unchanged.
 */
export function openDatabase(options: OpenDatabaseOptions): Database.Database {
  const { file, passphrase } = options
  const migrations = options.migrations ?? releasedMigrations
  const timeout = options.busyTimeoutMs ?? 5000
  assertUsablePassphrase(passphrase)
  let size: number | null = null
  let db: Database.Database | null = null
  try {
    size = existingSize(file)
    // better-sqlite3 reports a missing folder as a TypeError; stat it first for a system error.
    if (size === null) statSync(dirname(file))
    if (size !== null && size > 0 && readHeader(file).equals(PLAIN_SQLITE_HEADER)) {
      // An unencrypted SQLite database: not ours (ours never has a plaintext header). Decided
      // without even opening it.
      throw new DatabaseUnavailableError('wrong_key_or_not_a_database', file)
    }
    if (size !== null && (existingSize(`${file}-wal`) ?? 0) > 0) {
      // An unclean shutdown left frames in the WAL. The last connection to close checkpoints
      // them into the main file, so a read-write connection refused below would change the file
      // as it closes: decide through a read-only connection first, which never checkpoints.
      probeReadOnly(file, passphrase, migrations, timeout)
    }
    db = new Database(file, { fileMustExist: size !== null, timeout })
    keyAndVerify(db, passphrase)
    const plan = planMigrations(db, migrations, file)
    configure(db)
    applyMigrations(db, plan)
    if (size === null || size === 0) assertEncryptedOnDisk(db, file)
    return db
  } catch (error) {
    db?.close()
    if (db !== null && size === null) removeCreated(file)
    throw asDatabaseUnavailable(error, file)
  }
}

/** Every refusal `openDatabase` can make, on a connection that cannot write. */
function probeReadOnly(
  file: string,
  passphrase: string,
  migrations: readonly Migration[],
  timeout: number,
): void {
  const probe = new Database(file, { readonly: true, fileMustExist: true, timeout })
  try {
    keyAndVerify(probe, passphrase)
    planMigrations(probe, migrations, file)
  } finally {
    probe.close()
  }
}

/**
 * Proof that the cipher is on, for a new database: once its first pages reach the main file, they
 * must not start with the plaintext SQLite header (SQLCipher puts the key's salt there).
 */
function assertEncryptedOnDisk(db: Database.Database, file: string): void {
  db.pragma('wal_checkpoint(TRUNCATE)')
  const header = readHeader(file)
  if (header.length < PLAIN_SQLITE_HEADER.length || header.equals(PLAIN_SQLITE_HEADER)) {
    throw new Error('the new database was not written encrypted')
  }
}
