import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { copyFileSync, existsSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { DatabaseUnavailableError, type DatabaseUnavailableReason } from './errors'
import { migrations } from './migrations'
import { openDatabase } from './open'
import { SessionStore } from './session-store'
import {
  observerEvent,
  PASSPHRASE,
  snapshot,
  tempFolders,
  workspaceEvent,
} from './testing/fixtures'
import { makeFolderReadOnly, makeFolderWritable, type SpawnAs } from './testing/read-only-folder'

// Reading (`mode: 'read'`) opens an existing database without ever changing it, checks the key as
// strictly as writing does, and works where the folder cannot be written.

const folders = tempFolders()
const unlock: string[] = []
afterEach(() => {
  for (const dir of unlock.splice(0)) makeFolderWritable(dir)
  folders.cleanup()
})

function events(count: number, from = 0) {
  return Array.from({ length: count }, (_, index) =>
    index % 10 === 0
      ? workspaceEvent('call.started', {}, { sseId: String(1_767_225_600_000 + from + index) })
      : observerEvent('user_transcript', { transcript: `turn ${from + index}` }),
  )
}

/** A closed database holding `count` events. */
function storeWith(count: number, file = folders.file()): string {
  const store = SessionStore.open({ file, passphrase: PASSPHRASE })
  store.append({ events: events(count), quarantined: [], cursor: null })
  store.close()
  return file
}

/** The database as an unclean shutdown leaves it: `extra` events committed, still in the WAL. */
function crashedCopy(extra: number, withShm: boolean): string {
  const file = storeWith(20)
  const store = SessionStore.open({ file, passphrase: PASSPHRASE })
  store.append({ events: events(extra, 20), quarantined: [], cursor: null })
  const copy = folders.file()
  for (const name of readdirSync(dirname(file))) {
    if (!withShm && name.endsWith('-shm')) continue
    copyFileSync(
      join(dirname(file), name),
      join(dirname(copy), name.replace(basename(file), basename(copy))),
    )
  }
  store.close()
  return copy
}

function refusal(file: string, passphrase = PASSPHRASE): DatabaseUnavailableError {
  let caught: unknown
  try {
    SessionStore.open({ file, passphrase, mode: 'read' }).close()
  } catch (error) {
    caught = error
  }
  expect(caught).toBeInstanceOf(DatabaseUnavailableError)
  const error = caught as DatabaseUnavailableError
  expect(error.message).not.toContain('\n')
  expect(error.message).not.toContain(passphrase)
  return error
}

/** The file's bytes and mtime. (A reader in a writable folder may leave SQLite's empty -wal.) */
function contentOf(file: string) {
  const { sha256, mtimeMs } = snapshot(file)
  return { sha256, mtimeMs }
}

/** Refused for `reason`, and the file left byte for byte as it was, mtime included. */
function expectRefusedUnchanged(
  file: string,
  reason: DatabaseUnavailableReason,
  passphrase = PASSPHRASE,
): DatabaseUnavailableError {
  const before = contentOf(file)
  const error = refusal(file, passphrase)
  expect(error.reason).toBe(reason)
  expect(contentOf(file)).toEqual(before)
  return error
}

describe('reading never changes a file', () => {
  it('refuses an empty file, leaving it empty with the same mtime', () => {
    const file = folders.file()
    writeFileSync(file, '')
    const error = expectRefusedUnchanged(file, 'empty')
    expect(error.message).toMatch(/is empty: it is not a Call Observer database yet/)
    expect(statSync(file).size).toBe(0)
    // Decided before SQLite sees the file: nothing is created beside it either.
    expect(readdirSync(dirname(file))).toEqual([basename(file)])
  })

  it('refuses a missing file without creating one', () => {
    const file = folders.file()
    expect(refusal(file).reason).toBe('missing')
    expect(existsSync(file)).toBe(false)
    expect(readdirSync(dirname(file))).toEqual([])
  })

  it('checks the key exactly as writing does', () => {
    const file = storeWith(5)
    expectRefusedUnchanged(file, 'wrong_key_or_not_a_database', 'not the passphrase')
    const photo = folders.file('photo.jpg')
    writeFileSync(photo, Buffer.alloc(8192, 7))
    expectRefusedUnchanged(photo, 'wrong_key_or_not_a_database')
  })

  it('refuses a database that would need a migration, saying how to upgrade it', () => {
    // The database of an older build: its first migration only.
    const file = folders.file()
    const [first] = migrations
    if (first === undefined) throw new Error('no migrations')
    openDatabase({ file, passphrase: PASSPHRASE, migrations: [first] }).close()
    const error = expectRefusedUnchanged(file, 'needs_upgrade')
    expect(error.details).toMatchObject({ foundVersion: first.version })
    expect(error.message).toMatch(/Open it once with the app or `call-observer record` first/)
    // Writing upgrades it; then it reads.
    SessionStore.open({ file, passphrase: PASSPHRASE }).close()
    SessionStore.open({ file, passphrase: PASSPHRASE, mode: 'read' }).close()
  })

  it('reads what is stored and leaves the database byte for byte as it was', () => {
    const file = storeWith(50)
    const before = contentOf(file)
    const store = SessionStore.open({ file, passphrase: PASSPHRASE, mode: 'read' })
    expect(store.counts().events).toBe(50)
    expect([...store.events({ all: true })]).toHaveLength(50)
    expect(store.listSessions().length).toBeGreaterThan(0)
    store.close()
    expect(contentOf(file)).toEqual(before)
  })

  it('reads commits still in the WAL after an unclean shutdown, and checkpoints nothing', () => {
    const file = crashedCopy(30, true)
    const main = contentOf(file)
    const wal = contentOf(`${file}-wal`)
    const store = SessionStore.open({ file, passphrase: PASSPHRASE, mode: 'read' })
    expect(store.counts().events).toBe(50)
    store.close()
    expect(contentOf(file)).toEqual(main)
    expect(contentOf(`${file}-wal`)).toEqual(wal)
  })

  it('reads a database another connection is writing to, without holding the writer back', () => {
    const file = folders.file()
    const writer = SessionStore.open({ file, passphrase: PASSPHRASE })
    writer.append({ events: events(10), quarantined: [], cursor: null })
    const reader = SessionStore.open({ file, passphrase: PASSPHRASE, mode: 'read' })
    expect(reader.counts().events).toBe(10)
    writer.append({ events: events(10, 10), quarantined: [], cursor: null })
    expect(reader.counts().events).toBe(20)
    reader.close()
    writer.close()
  })

  it('refuses to write through a store opened for reading', () => {
    const file = storeWith(1)
    const store = SessionStore.open({ file, passphrase: PASSPHRASE, mode: 'read' })
    expect(() => store.append({ events: events(1), quarantined: [], cursor: null })).toThrow(
      TypeError,
    )
    expect(() => store.deleteSessionsOlderThan(1)).toThrow(TypeError)
    store.close()
  })
})

const child = fileURLToPath(new URL('./testing/read-child.ts', import.meta.url))

type ChildResult =
  | { counts: { events: number }; sessions: string[] }
  | { reason: DatabaseUnavailableReason; message: string }

/** Opens `file` read-only in a child process started `as` says (see spawnUnprivileged). */
async function readInChild(
  file: string,
  as: SpawnAs,
  passphrase = PASSPHRASE,
): Promise<ChildResult> {
  const [command, args] = as(process.execPath, ['--import', 'tsx', child])
  const proc = spawn(command, args, {
    env: { PATH: process.env.PATH, STORE_READ_FILE: file, STORE_READ_KEY: passphrase },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  proc.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const [code] = (await once(proc, 'exit')) as [number | null]
  expect(stderr).toBe('')
  expect(code).toBe(0)
  return JSON.parse(stdout) as ChildResult
}

/** Everything in the folder, with each file's bytes and mtime. */
function folderState(dir: string) {
  return readdirSync(dir)
    .sort()
    .map((name) => ({ name, ...contentOf(join(dir, name)) }))
}

describe('reading in a folder the reader cannot write', () => {
  it('reads a database closed cleanly, and creates nothing beside it', async () => {
    const file = storeWith(40)
    const dir = dirname(file)
    const user = makeFolderReadOnly(dir)
    unlock.push(dir)
    const before = folderState(dir)
    const result = await readInChild(file, user)
    expect(result).toMatchObject({ counts: { events: 40 } })
    expect(folderState(dir)).toEqual(before)
  })

  it('keeps the key check as strict there', async () => {
    const file = storeWith(5)
    const user = makeFolderReadOnly(dirname(file))
    unlock.push(dirname(file))
    expect(await readInChild(file, user, 'not the passphrase')).toMatchObject({
      reason: 'wrong_key_or_not_a_database',
    })
  })

  it('reads commits still in a -wal file when its -shm is there too', async () => {
    const file = crashedCopy(30, true)
    const user = makeFolderReadOnly(dirname(file))
    unlock.push(dirname(file))
    expect(await readInChild(file, user)).toMatchObject({ counts: { events: 50 } })
  })

  it('refuses, saying what to do, rather than read without commits only its -wal holds', async () => {
    const file = crashedCopy(30, false)
    const user = makeFolderReadOnly(dirname(file))
    unlock.push(dirname(file))
    const result = await readInChild(file, user)
    expect(result).toMatchObject({ reason: 'read_only_folder' })
    expect('message' in result && result.message).toMatch(/Copy the database with its -wal file/)
  })
})
