import { closeSync, openSync, readSync, statSync } from 'node:fs'
import type Database from 'better-sqlite3-multiple-ciphers'
import { sqliteCodeOf } from './errors'

// What both ways of opening the database share: the file checks made before SQLite sees the file,
// and the keying that proves the passphrase right without writing anything.

export const PLAIN_SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1')

/** The first 16 bytes of the file; an empty buffer for an empty file. */
export function readHeader(file: string): Buffer {
  const header = Buffer.alloc(PLAIN_SQLITE_HEADER.length)
  const fd = openSync(file, 'r')
  try {
    const read = readSync(fd, header, 0, header.length, 0)
    return header.subarray(0, read)
  } finally {
    closeSync(fd)
  }
}

/** The file's size, or null when there is no such file. */
export function existingSize(file: string): number | null {
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

export function assertUsablePassphrase(passphrase: string): void {
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
export function keyAndVerify(db: Database.Database, passphrase: string): void {
  // SQLCipher 4 defaults (PBKDF2-HMAC-SHA512, 256,000 iterations, AES-256-CBC, HMAC-SHA512 per
  // page), so the sqlcipher shell or DB Browser for SQLCipher open the file with the same
  // passphrase (and `PRAGMA cipher_page_size = 16384`, see configure in open.ts).
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
 * Connection settings that write nothing, for every connection: temporary tables and sort
 * spills stay in memory (a temp file would hold PHI outside the encrypted file), and 16 MiB of
 * decrypted pages (writes append, so the hot pages fit many times over; 64 MiB measured no faster
 * and cost 50 MB of resident memory per connection).
 */
export function configureMemory(db: Database.Database): void {
  db.pragma('temp_store = MEMORY')
  db.pragma('cache_size = -16384')
}
