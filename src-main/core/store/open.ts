import { closeSync, fchmodSync, openSync, rmSync } from 'node:fs'
import { resolve } from 'node:path'
import Database from 'better-sqlite3-multiple-ciphers'
import { asDatabaseUnavailable, DatabaseUnavailableError } from './errors'
import {
  assertUsablePassphrase,
  configureMemory,
  existingSize,
  keyAndVerify,
  PLAIN_SQLITE_HEADER,
  readHeader,
} from './keying'
import { applyMigrations, planMigrations } from './migrate'
import { migrations as releasedMigrations, type Migration } from './migrations'
import { openReadOnly } from './open-read-only'

export interface OpenDatabaseOptions {
  /**
   * The database file. Writing: created (mode 0600, with the full schema) if it does not exist or
   * is empty. Reading: it must exist and be a database already.
   */
  file: string
  /**
   * `read`: never creates, migrates, checkpoints or writes anything (see `openReadOnly`), and
   * works in a folder the user cannot write. Default `write`.
   */
  mode?: 'write' | 'read'
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

/**
 * Connection settings, applied only after the key is proven and the schema accepted, because
 * switching the journal mode writes the file header. Exported for the benchmark's encrypted
 * baseline, which must pay exactly what the store pays for them.
 */
export function configure(db: Database.Database): void {
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
  configureMemory(db)
  // Truncate the WAL back to this size after a checkpoint instead of letting it keep its peak.
  db.pragma('journal_size_limit = 67108864')
}

/** Removes a database we created ourselves and then failed to set up (and its WAL files). */
function removeCreated(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true })
}

/**
 * Creates the (empty) database file readable and writable by its owner only, whatever the umask:
 * it will hold PHI, and SQLite gives its `-wal` and `-shm` files the main file's mode.
 */
function createPrivateFile(file: string): void {
  const fd = openSync(file, 'wx', 0o600)
  try {
    fchmodSync(fd, 0o600)
  } finally {
    closeSync(fd)
  }
}

/**
 * An existing empty file becomes a new database, so it gets a new database's mode too; when it is
 * someone else's file (we may write it but not change its mode), it keeps the mode it has.
 */
function makePrivate(file: string): void {
  const fd = openSync(file, 'r')
  try {
    fchmodSync(fd, 0o600)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') throw error
  } finally {
    closeSync(fd)
  }
}

/**
 * Opens (or creates) the encrypted session database, verifies the key, checks the schema and
 * migrates it; with `mode: 'read'`, opens it read-only instead (`openReadOnly`). Every failure the
 * user can act on is a `DatabaseUnavailableError`, and for an existing file every refusal happens
 * before the first write, so the file is left unchanged.
 */
export function openDatabase(options: OpenDatabaseOptions): Database.Database {
  const migrations = options.migrations ?? releasedMigrations
  const timeout = options.busyTimeoutMs ?? 5000
  if (options.mode === 'read') {
    return openReadOnly({ ...options, migrations, busyTimeoutMs: timeout })
  }
  const { passphrase } = options
  // Absolute, so that no name is ever read as a URI (see open-read-only.ts).
  const file = resolve(options.file)
  assertUsablePassphrase(passphrase)
  let created = false
  let db: Database.Database | null = null
  try {
    const size = existingSize(file)
    if (size === null) {
      // A missing folder fails here, as a system error (better-sqlite3 would throw a TypeError).
      createPrivateFile(file)
      created = true
    } else if (size === 0) {
      makePrivate(file)
    }
    if (size !== null && size > 0 && readHeader(file).equals(PLAIN_SQLITE_HEADER)) {
      // An unencrypted SQLite database: not ours (ours never has a plaintext header). Decided
      // without even opening it.
      throw new DatabaseUnavailableError('wrong_key_or_not_a_database', options.file)
    }
    if (size !== null && (existingSize(`${file}-wal`) ?? 0) > 0) {
      // An unclean shutdown left frames in the WAL. The last connection to close checkpoints
      // them into the main file, so a read-write connection refused below would change the file
      // as it closes: decide through a read-only connection first, which never checkpoints.
      probeReadOnly(file, passphrase, migrations, timeout, options.file)
    }
    db = new Database(file, { fileMustExist: true, timeout })
    keyAndVerify(db, passphrase)
    const plan = planMigrations(db, migrations, options.file)
    configure(db)
    applyMigrations(db, plan)
    if (created || size === 0) assertEncryptedOnDisk(db)
    return db
  } catch (error) {
    db?.close()
    if (created) removeCreated(file)
    throw asDatabaseUnavailable(error, options.file)
  }
}

/** Every refusal `openDatabase` can make, on a connection that cannot write. */
function probeReadOnly(
  file: string,
  passphrase: string,
  migrations: readonly Migration[],
  timeout: number,
  shownAs: string,
): void {
  const probe = new Database(file, { readonly: true, fileMustExist: true, timeout })
  try {
    keyAndVerify(probe, passphrase)
    planMigrations(probe, migrations, shownAs)
  } finally {
    probe.close()
  }
}

/**
 * Proof that the cipher is on, for a new database: once its first pages reach the main file, they
 * must not start with the plaintext SQLite header (SQLCipher puts the key's salt there).
 */
function assertEncryptedOnDisk(db: Database.Database): void {
  db.pragma('wal_checkpoint(TRUNCATE)')
  const header = readHeader(db.name)
  if (header.length < PLAIN_SQLITE_HEADER.length || header.equals(PLAIN_SQLITE_HEADER)) {
    throw new Error('the new database was not written encrypted')
  }
}
