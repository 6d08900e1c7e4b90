/**
 * Why the session database cannot be used. Each reason has one user-facing line (what happened,
 * what to do); the CLI maps every one of them to exit code 4, the app to a recovery screen.
 */
export type DatabaseUnavailableReason =
  | 'wrong_key_or_not_a_database'
  | 'corrupt'
  | 'locked'
  | 'newer_schema'
  | 'disk_full'
  | 'io'
  // Reading only (`mode: 'read'`), which never creates, migrates or changes a file:
  | 'missing'
  | 'empty'
  | 'needs_upgrade'
  | 'read_only_folder'

export interface DatabaseUnavailableDetails {
  /**
   * For `newer_schema` and `needs_upgrade`: the schema version found in the file and the newest
   * this build knows.
   */
  foundVersion?: number
  knownVersion?: number
  /** The SQLite error code behind the failure, when there was one (never a value from the file). */
  sqliteCode?: string
}

function messageFor(
  reason: DatabaseUnavailableReason,
  file: string,
  details: DatabaseUnavailableDetails,
): string {
  switch (reason) {
    case 'wrong_key_or_not_a_database':
      // SQLCipher cannot tell a wrong key from a file that is not an encrypted database: every
      // page just fails to authenticate. So the message names both and changes nothing.
      return (
        `Cannot open the database ${file}: the passphrase is wrong or the file is not a Call ` +
        `Observer database. Check the passphrase, or choose another file; the file was not changed.`
      )
    case 'corrupt':
      return (
        `The database ${file} is damaged (SQLite reports corruption). Restore it from a backup ` +
        `or record into a new file; the file was not changed.`
      )
    case 'locked':
      return (
        `The database ${file} is locked by another program. Close the other Call Observer (or ` +
        `whatever holds it) and try again.`
      )
    case 'newer_schema':
      return (
        `The database ${file} was written by a newer Call Observer (schema ` +
        `${details.foundVersion ?? '?'}, this build knows up to ${details.knownVersion ?? '?'}). ` +
        `Update Call Observer to open it; the file was not changed.`
      )
    case 'missing':
      return `There is no database at ${file}: check the path, or record into it first.`
    case 'empty':
      return (
        `The file ${file} is empty: it is not a Call Observer database yet. Record into it first ` +
        `or choose another file; the file was not changed.`
      )
    case 'needs_upgrade':
      return (
        `The database ${file} has an older schema (${details.foundVersion ?? '?'}; this build ` +
        `uses ${details.knownVersion ?? '?'}), and reading never upgrades it. Open it once with ` +
        `the app or \`call-observer record\` first; the file was not changed.`
      )
    case 'read_only_folder':
      return (
        `Cannot read the database ${file}: its folder is read-only and its latest changes are ` +
        `still in its -wal file, which SQLite cannot read there. Copy the database with its -wal ` +
        `file to a folder you can write and read it there; the file was not changed.`
      )
    case 'disk_full':
      return `The disk that holds the database ${file} is full: free some space on it.`
    case 'io':
      return (
        `Cannot read or write the database ${file}` +
        (details.sqliteCode === undefined ? '' : ` (${details.sqliteCode})`) +
        `. Check that the folder exists, the file is writable and the disk has space.`
      )
  }
}

/**
 * The one error opening (or, later, writing) the session database raises for a problem the user
 * can act on. Its message is a single line and never contains the passphrase.
 */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError'

  constructor(
    readonly reason: DatabaseUnavailableReason,
    readonly file: string,
    readonly details: DatabaseUnavailableDetails = {},
    options?: { cause?: unknown },
  ) {
    super(messageFor(reason, file, details), options)
  }
}

/**
 * A released migration's text differs from what a database recorded when it ran it. That is a
 * defect of this build (released migrations are frozen), not something the user can fix, so it is
 * not a `DatabaseUnavailableError`: the CLI reports it as an unexpected failure (exit 1). The
 * database is refused before anything is written.
 */
export class MigrationIntegrityError extends Error {
  override readonly name = 'MigrationIntegrityError'
}

/** SQLite extended codes (`SQLITE_IOERR_SHORT_READ`…) share the prefix of their primary code. */
function hasPrimaryCode(code: string, primary: string): boolean {
  return code === primary || code.startsWith(`${primary}_`)
}

/** The error code better-sqlite3 attaches to a `SqliteError`, if `error` is one. */
export function sqliteCodeOf(error: unknown): string | null {
  if (!(error instanceof Error) || !('code' in error)) return null
  const { code } = error
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : null
}

/** A Node file-system error (`EISDIR`, `EACCES`…). */
function isSystemError(error: unknown): error is Error & { code: string } {
  return (
    error instanceof Error &&
    'code' in error &&
    typeof error.code === 'string' &&
    'syscall' in error &&
    /^E[A-Z]+$/.test(error.code)
  )
}

/** Sorts a SQLite failure into what the user can do about it; null when it is none of those. */
export function classifySqliteCode(code: string): DatabaseUnavailableReason | null {
  if (hasPrimaryCode(code, 'SQLITE_NOTADB')) return 'wrong_key_or_not_a_database'
  if (hasPrimaryCode(code, 'SQLITE_CORRUPT')) return 'corrupt'
  if (hasPrimaryCode(code, 'SQLITE_BUSY') || hasPrimaryCode(code, 'SQLITE_LOCKED')) return 'locked'
  if (hasPrimaryCode(code, 'SQLITE_FULL')) return 'disk_full'
  for (const primary of [
    'SQLITE_CANTOPEN',
    'SQLITE_IOERR',
    'SQLITE_READONLY',
    'SQLITE_PERM',
    'SQLITE_NOLFS',
  ]) {
    if (hasPrimaryCode(code, primary)) return 'io'
  }
  return null
}

/**
 * Wraps a SQLite failure the user can act on in a `DatabaseUnavailableError`; returns anything else
 * (a bug, a constraint violation) unchanged so it surfaces as what it is.
 */
export function asDatabaseUnavailable(error: unknown, file: string): unknown {
  if (error instanceof DatabaseUnavailableError) return error
  if (isSystemError(error)) {
    // The file system refused before SQLite was involved (a directory, no permission…).
    const reason = error.code === 'ENOSPC' ? 'disk_full' : 'io'
    return new DatabaseUnavailableError(reason, file, { sqliteCode: error.code }, { cause: error })
  }
  const code = sqliteCodeOf(error)
  const reason = code === null ? null : classifySqliteCode(code)
  if (code === null || reason === null) return error
  return new DatabaseUnavailableError(reason, file, { sqliteCode: code }, { cause: error })
}
