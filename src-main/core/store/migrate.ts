import { createHash } from 'node:crypto'
import type Database from 'better-sqlite3-multiple-ciphers'
import { DatabaseUnavailableError, MigrationIntegrityError } from './errors'
import type { Migration } from './migrations'

/** The runner's own bookkeeping table: one row per applied migration, with the hash of its SQL. */
const createLedger = /* sql */ `
CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  applied_at INTEGER NOT NULL
)`

export function migrationSha256(migration: Migration): string {
  return createHash('sha256').update(migration.sql, 'utf8').digest('hex')
}

/** Throws unless versions are positive integers in strictly increasing order (a build defect). */
export function assertMonotonic(list: readonly Migration[]): void {
  let previous = 0
  for (const migration of list) {
    if (!Number.isInteger(migration.version) || migration.version <= previous) {
      throw new MigrationIntegrityError(
        `Migration ${migration.version} (${migration.name}) is out of order: versions must ` +
          `increase (previous ${previous}).`,
      )
    }
    previous = migration.version
  }
}

export interface MigrationPlan {
  /** The schema version the file is at now (`PRAGMA user_version`); 0 for a new database. */
  readonly currentVersion: number
  readonly pending: readonly Migration[]
}

interface LedgerRow {
  version: number
  name: string
  sha256: string
}

/**
 * Decides what to run without writing anything, so that every refusal (not our database, a
 * newer schema, a changed released migration) leaves the file exactly as it was.
 */
export function planMigrations(
  db: Database.Database,
  list: readonly Migration[],
  file: string,
): MigrationPlan {
  assertMonotonic(list)
  const knownVersion = list.at(-1)?.version ?? 0
  const currentVersion = db.pragma('user_version', { simple: true }) as number
  const objects = db
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .all()
    .map((row) => row.name)

  if (!objects.includes('schema_migrations')) {
    // Keyed correctly (or unencrypted with our key's cipher disabled, impossible here) but not
    // made by us: another app's SQLCipher file that happens to share the passphrase.
    if (objects.length > 0 || currentVersion !== 0) {
      throw new DatabaseUnavailableError('wrong_key_or_not_a_database', file)
    }
    return { currentVersion: 0, pending: list }
  }

  if (currentVersion > knownVersion) {
    throw new DatabaseUnavailableError('newer_schema', file, {
      foundVersion: currentVersion,
      knownVersion,
    })
  }
  const applied = db
    .prepare<[], LedgerRow>('SELECT version, name, sha256 FROM schema_migrations ORDER BY version')
    .all()
  const byVersion = new Map(list.map((migration) => [migration.version, migration]))
  for (const row of applied) {
    const migration = byVersion.get(row.version)
    if (migration === undefined) {
      throw new MigrationIntegrityError(
        `The database ${file} records migration ${row.version} (${row.name}), which this build ` +
          `does not have. Use the build that created it.`,
      )
    }
    if (migrationSha256(migration) !== row.sha256) {
      throw new MigrationIntegrityError(
        `Migration ${row.version} (${row.name}) differs from the one that built ${file}: a ` +
          `released migration was edited. Restore its original text and add a new migration.`,
      )
    }
  }
  const appliedVersions = new Set(applied.map((row) => row.version))
  const missing = list.find((m) => m.version <= currentVersion && !appliedVersions.has(m.version))
  if (missing !== undefined) {
    throw new MigrationIntegrityError(
      `The database ${file} is at schema ${currentVersion} but never ran migration ` +
        `${missing.version} (${missing.name}).`,
    )
  }
  return { currentVersion, pending: list.filter((m) => m.version > currentVersion) }
}

/** Runs each pending migration in its own transaction with its ledger row and `user_version`. */
export function applyMigrations(
  db: Database.Database,
  plan: MigrationPlan,
  now: () => number = Date.now,
): void {
  const record = () =>
    db.prepare<{ version: number; name: string; sha256: string; appliedAt: number }>(
      `INSERT INTO schema_migrations (version, name, sha256, applied_at)
       VALUES (@version, @name, @sha256, @appliedAt)`,
    )
  for (const migration of plan.pending) {
    db.transaction(() => {
      db.exec(createLedger)
      db.exec(migration.sql)
      record().run({
        version: migration.version,
        name: migration.name,
        sha256: migrationSha256(migration),
        appliedAt: now(),
      })
      // user_version lives in the header page, so it commits or rolls back with the step.
      db.pragma(`user_version = ${migration.version}`)
    }).immediate()
  }
}
