import { readdirSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { MigrationIntegrityError } from './errors'
import { eventQueries } from './event-repo'
import { assertMonotonic, migrationSha256 } from './migrate'
import { migrations, type Migration } from './migrations'
import { SessionStore } from './session-store'
import { openRaw, PASSPHRASE, snapshot, tempFolders } from './testing/fixtures'

const folders = tempFolders()
afterEach(() => {
  folders.cleanup()
})

/**
 * The hash of every released migration, written out. Editing a released migration fails here
 * first (and a database built by it would be refused at open): add a new migration instead.
 */
const RELEASED: Record<number, string> = {
  10: '494dfba9aae4aeaf8590ab56d40532cecfdaae07e4fd65edf79c5b5f4d965705',
  20: '01dbf0b1a1d07e0397ff0f32a7c5eb548ea094b1e8fdf72657404ad4ebf858e4',
}

/** The schema version this build creates. */
const LATEST = migrations.at(-1)?.version ?? 0

function ledger(file: string) {
  const raw = openRaw(file)
  try {
    return {
      userVersion: raw.pragma('user_version', { simple: true }),
      rows: raw.prepare('SELECT version, name, sha256 FROM schema_migrations').all(),
    }
  } finally {
    raw.close()
  }
}

describe('migration list', () => {
  it('every file in migrations/ is listed, numbered in steps of 10, in order', () => {
    const files = readdirSync(new URL('./migrations/', import.meta.url))
      .filter((name) => /^\d{4}-.*\.ts$/.test(name))
      .sort()
    expect(files.map((name) => Number(name.slice(0, 4)))).toEqual(migrations.map((m) => m.version))
    expect(files.map((name) => name.slice(5, -3))).toEqual(migrations.map((m) => m.name))
    for (const migration of migrations) expect(migration.version % 10).toBe(0)
    expect(() => {
      assertMonotonic(migrations)
    }).not.toThrow()
  })

  it('released migrations are frozen', () => {
    for (const migration of migrations) {
      const frozen = RELEASED[migration.version]
      if (frozen !== undefined) expect(migrationSha256(migration)).toBe(frozen)
    }
  })

  it('rejects a list that is not strictly increasing', () => {
    const step = (version: number): Migration => ({ version, name: `m${version}`, sql: '' })
    expect(() => {
      assertMonotonic([step(10), step(30), step(20)])
    }).toThrow(MigrationIntegrityError)
    expect(() => {
      assertMonotonic([step(10), step(10)])
    }).toThrow(MigrationIntegrityError)
  })
})

describe('migration runner', () => {
  it('gives a fresh database every migration, with user_version and a hash per step', () => {
    const file = folders.file()
    SessionStore.open({ file, passphrase: PASSPHRASE }).close()
    const latest = migrations.at(-1)?.version
    expect(ledger(file)).toEqual({
      userVersion: latest,
      rows: migrations.map((m) => ({
        version: m.version,
        name: m.name,
        sha256: migrationSha256(m),
      })),
    })
  })

  it('runs only the new steps on an existing database, keeping its data', () => {
    const file = folders.file()
    SessionStore.open({ file, passphrase: PASSPHRASE }).close()
    const next: Migration = {
      version: LATEST + 10,
      name: 'test-step',
      sql: 'CREATE TABLE test_step (x INTEGER)',
    }
    SessionStore.open({ file, passphrase: PASSPHRASE, migrations: [...migrations, next] }).close()
    const { userVersion, rows } = ledger(file)
    expect(userVersion).toBe(LATEST + 10)
    expect(rows).toHaveLength(migrations.length + 1)
  })

  it('rolls a failing step back whole, and the database stays at the previous version', () => {
    const file = folders.file()
    SessionStore.open({ file, passphrase: PASSPHRASE }).close()
    const broken: Migration = {
      version: LATEST + 10,
      name: 'broken',
      sql: 'CREATE TABLE half_done (x INTEGER); SELECT * FROM no_such_table',
    }
    expect(() =>
      SessionStore.open({ file, passphrase: PASSPHRASE, migrations: [...migrations, broken] }),
    ).toThrow(/no such table/)
    expect(ledger(file).userVersion).toBe(LATEST)
    const raw = openRaw(file)
    expect(raw.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get()).toBe(
      undefined,
    )
    raw.close()
  })

  it('refuses a database whose released migration was edited, leaving it unchanged', () => {
    const file = folders.file()
    SessionStore.open({ file, passphrase: PASSPHRASE }).close()
    const before = snapshot(file)
    const edited = migrations.map((m) => (m.version === 10 ? { ...m, sql: `${m.sql}\n-- x` } : m))
    expect(() => SessionStore.open({ file, passphrase: PASSPHRASE, migrations: edited })).toThrow(
      MigrationIntegrityError,
    )
    expect(snapshot(file)).toEqual(before)
  })
})

describe('indexes', () => {
  function plan(sql: string): string {
    const file = folders.file()
    SessionStore.open({ file, passphrase: PASSPHRASE }).close()
    const raw = openRaw(file)
    try {
      const rows = raw
        .prepare<{ key: string; after: number; limit: number }, { detail: string }>(
          `EXPLAIN QUERY PLAN ${sql}`,
        )
        .all({ key: 'CA1', after: 0, limit: 10 })
      return rows.map((row) => row.detail).join('\n')
    } finally {
      raw.close()
    }
  }

  it("reads a call's events in order through events_by_call, without sorting", () => {
    const detail = plan(eventQueries.byCall)
    expect(detail).toMatch(/SEARCH events USING INDEX events_by_call \(call_sid=\? AND seq>\?\)/)
    expect(detail).not.toMatch(/TEMP B-TREE/)
  })

  it("reads a text session's events through events_by_text_session", () => {
    const detail = plan(eventQueries.byTextSession)
    expect(detail).toMatch(/SEARCH events USING INDEX events_by_text_session/)
    expect(detail).not.toMatch(/TEMP B-TREE/)
  })

  it('looks a possible replay up through events_by_sse_id', () => {
    const sql = eventQueries.replayOf
      .replace('@sseId', "'1'")
      .replace('@type', "'t'")
      .replace('@raw', "'r'")
    expect(plan(sql)).toMatch(/SEARCH events USING INDEX events_by_sse_id \(sse_id=\?\)/)
  })

  it('reads all events in recorded order by primary key', () => {
    expect(plan(eventQueries.all.replace('@key', "'x'"))).toMatch(
      /SEARCH events USING INTEGER PRIMARY KEY \(rowid>\?\)/,
    )
  })
})
