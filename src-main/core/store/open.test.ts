import { randomBytes } from 'node:crypto'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  truncateSync,
  writeFileSync,
} from 'node:fs'
import { basename, dirname, join } from 'node:path'
import Database from 'better-sqlite3-multiple-ciphers'
import { afterEach, describe, expect, it } from 'vitest'
import { DatabaseUnavailableError, type DatabaseUnavailableReason } from './errors'
import { SessionStore } from './session-store'
import { observerEvent, openRaw, PASSPHRASE, snapshot, tempFolders } from './testing/fixtures'

const folders = tempFolders()
afterEach(() => {
  folders.cleanup()
})

/** A closed store file holding `count` events (enough for several pages). */
function storeWith(count: number, marker = 'nothing-special'): string {
  const file = folders.file()
  const store = SessionStore.open({ file, passphrase: PASSPHRASE })
  const events = Array.from({ length: count }, (_, index) =>
    observerEvent('user_transcript', { transcript: `${marker} ${index}` }),
  )
  store.append({ events, quarantined: [], cursor: null })
  store.close()
  return file
}

/** Opening must fail with `reason`, leave the file byte-for-byte (and mtime) as it was. */
function expectRefused(
  file: string,
  reason: DatabaseUnavailableReason,
  passphrase = PASSPHRASE,
  busyTimeoutMs?: number,
): DatabaseUnavailableError {
  const before = snapshot(file)
  let caught: unknown
  try {
    SessionStore.open({
      file,
      passphrase,
      ...(busyTimeoutMs === undefined ? {} : { busyTimeoutMs }),
    })
  } catch (error) {
    caught = error
  }
  expect(caught).toBeInstanceOf(DatabaseUnavailableError)
  const error = caught as DatabaseUnavailableError
  expect(error.reason).toBe(reason)
  expect(error.message).not.toContain('\n')
  expect(error.message).not.toContain(passphrase)
  expect(snapshot(file)).toEqual(before)
  return error
}

describe('encryption', () => {
  it('writes no plaintext: a marker stored in an event is not in the file', () => {
    const marker = 'PLAINTEXT-MARKER-5f1c9e'
    const file = storeWith(200, marker)
    expect(readFileSync(file).includes(marker)).toBe(false)
    expect(readFileSync(file).subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0')
    expect(existsSync(`${file}-wal`)).toBe(false)
  })

  it('cannot be read without the key, nor with another key', () => {
    const file = storeWith(10)
    const unkeyed = openRaw(file, null)
    expect(() => unkeyed.prepare('SELECT count(*) FROM sqlite_master').get()).toThrow(
      /not a database/,
    )
    unkeyed.close()
    const wrong = openRaw(file, 'not the passphrase')
    expect(() => wrong.prepare('SELECT count(*) FROM events').get()).toThrow(/not a database/)
    wrong.close()
  })

  it('opens with the right key, with passphrases that need quoting', () => {
    const file = folders.file()
    const passphrase = `it's "quoted"; -- and ' more`
    SessionStore.open({ file, passphrase }).close()
    const store = SessionStore.open({ file, passphrase })
    expect(store.counts()).toEqual({ events: 0, quarantined: 0, sessions: 0 })
    store.close()
    expectRefused(file, 'wrong_key_or_not_a_database', 'it')
  })

  it('refuses an empty passphrase instead of writing plaintext', () => {
    const file = folders.file()
    expect(() => SessionStore.open({ file, passphrase: '' })).toThrow(TypeError)
    expect(existsSync(file)).toBe(false)
  })
})

describe('a file that cannot be opened is refused and left unchanged', () => {
  it('wrong passphrase', () => {
    const file = storeWith(20)
    const error = expectRefused(file, 'wrong_key_or_not_a_database', 'hunter2')
    expect(error.message).toMatch(/passphrase is wrong or the file is not a Call Observer database/)
  })

  it('random bytes', () => {
    const file = folders.file('random.db')
    writeFileSync(file, randomBytes(64 * 1024))
    expectRefused(file, 'wrong_key_or_not_a_database')
  })

  it('a short text file', () => {
    const file = folders.file('notes.txt')
    writeFileSync(file, 'call notes: nothing to see here\n')
    expectRefused(file, 'wrong_key_or_not_a_database')
  })

  it("another app's unencrypted SQLite database", () => {
    const file = folders.file('other.sqlite')
    const other = new Database(file)
    other.exec("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('Alex')")
    other.close()
    expectRefused(file, 'wrong_key_or_not_a_database')
  })

  it("another app's database encrypted with the same passphrase", () => {
    const file = folders.file('other.db')
    new Database(file).close()
    const other = openRaw(file)
    other.exec('CREATE TABLE contacts (name TEXT)')
    other.close()
    expectRefused(file, 'wrong_key_or_not_a_database')
  })

  it('a truncated (corrupt) database', () => {
    const file = storeWith(3000)
    truncateSync(file, 3 * 16384)
    expectRefused(file, 'corrupt')
  })

  it('a database locked by another connection', () => {
    const file = storeWith(5)
    const holder = openRaw(file)
    holder.pragma('locking_mode = EXCLUSIVE')
    holder.exec(
      "INSERT INTO annotations (session_key, author, body, created_at) VALUES ('k', 'a', 'b', 0)",
    )
    try {
      const error = expectRefused(file, 'locked', PASSPHRASE, 50)
      expect(error.message).toMatch(/locked by another program/)
    } finally {
      holder.close()
    }
  })

  it('a database from a newer build', () => {
    const file = storeWith(5)
    const raw = openRaw(file)
    raw.pragma('user_version = 9990')
    raw.close()
    const error = expectRefused(file, 'newer_schema')
    expect(error.details).toMatchObject({ foundVersion: 9990, knownVersion: 40 })
    expect(error.message).toMatch(/newer Call Observer \(schema 9990, this build knows up to 40\)/)
  })

  it('a folder instead of a file (io)', () => {
    const file = folders.file('a-folder')
    mkdirSync(file)
    expect(() => SessionStore.open({ file, passphrase: PASSPHRASE })).toThrow(
      expect.objectContaining({ reason: 'io' }) as Error,
    )
  })

  it('a missing folder (io), and no file is left behind', () => {
    const file = `${folders.file()}-missing/store.db`
    expect(() => SessionStore.open({ file, passphrase: PASSPHRASE })).toThrow(
      expect.objectContaining({ reason: 'io' }) as Error,
    )
    expect(existsSync(file)).toBe(false)
  })
})

/**
 * A store left as a crash leaves it: `write` commits into the WAL and the files are copied while
 * its connection is still open, so the copy has a WAL with committed, un-checkpointed frames.
 */
function crashedWith(write: (raw: Database.Database) => void): string {
  const file = storeWith(5)
  const raw = openRaw(file)
  raw.pragma('wal_autocheckpoint = 0')
  write(raw)
  const copy = folders.file()
  for (const name of readdirSync(dirname(file))) {
    copyFileSync(
      join(dirname(file), name),
      join(dirname(copy), name.replace(basename(file), basename(copy))),
    )
  }
  raw.close()
  return copy
}

/** The database's content on disk: the main file and its WAL (the -shm is only an index). */
function contentOf(file: string) {
  const { sha256, mtimeMs } = snapshot(file)
  return { main: { sha256, mtimeMs }, wal: snapshot(`${file}-wal`) }
}

describe('after an unclean shutdown (committed frames still in the WAL)', () => {
  const annotate = (raw: Database.Database) =>
    raw.exec(
      "INSERT INTO annotations (session_key, author, body, created_at) VALUES ('k', 'qa', 'kept', 1)",
    )

  it('a refusal leaves both the file and its WAL unchanged', () => {
    const file = crashedWith((raw) => {
      annotate(raw)
      raw.pragma('user_version = 9990')
    })
    const before = contentOf(file)
    expect(before.wal.siblings).toContain(`${basename(file)}-wal`)
    expect(() => SessionStore.open({ file, passphrase: PASSPHRASE })).toThrow(
      expect.objectContaining({ reason: 'newer_schema' }) as Error,
    )
    expect(contentOf(file)).toEqual(before)
    expect(() => SessionStore.open({ file, passphrase: 'wrong' })).toThrow(
      expect.objectContaining({ reason: 'wrong_key_or_not_a_database' }) as Error,
    )
    expect(contentOf(file)).toEqual(before)
  })

  it('opens with the right key and keeps what was committed', () => {
    const file = crashedWith(annotate)
    expect(() => SessionStore.open({ file, passphrase: 'wrong' })).toThrow(DatabaseUnavailableError)
    SessionStore.open({ file, passphrase: PASSPHRASE }).close()
    const raw = openRaw(file)
    expect(raw.prepare('SELECT body FROM annotations').pluck().all()).toEqual(['kept'])
    raw.close()
  })
})

describe('durability settings', () => {
  it('uses WAL with synchronous=FULL and 16 KiB pages', () => {
    const file = folders.file()
    const store = SessionStore.open({ file, passphrase: PASSPHRASE })
    const raw = openRaw(file)
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(raw.pragma('page_size', { simple: true })).toBe(16384)
    raw.close()
    store.close()
  })
})
