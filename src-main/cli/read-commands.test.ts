import { createInterface } from 'node:readline'
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../core/store/open'
import { migrations } from '../core/store/migrations'
import { SessionStore } from '../core/store'
import { observerEvent, workspaceEvent } from '../core/store/testing/fixtures'
import {
  makeFolderReadOnly,
  makeFolderWritable,
  spawnUnprivileged,
} from '../core/store/testing/read-only-folder'
import { mountSmallDisk } from '../core/store/testing/small-disk'
import { until } from '../simulator/testing/raw-clients'
import { runCli, startCli } from './testing'

// The reading commands (`sessions`, `export`) as a user runs them: they never change the
// database, say in one line why they cannot go on, and write an export completely or not at all.

const PASSPHRASE = 'correct horse battery staple'
const ENV = { CALL_OBSERVER_DB_KEY: PASSPHRASE }
const cleanups: (() => void)[] = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup()
})

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'co-read-'))
  cleanups.push(() => {
    rmSync(dir, { recursive: true, force: true })
  })
  return dir
}

/** A closed database holding `calls` calls of `turns` transcript events each. */
function recordedDb(calls: number, turns = 3, file = join(tempDir(), 'sessions.db')): string {
  const store = SessionStore.open({ file, passphrase: PASSPHRASE })
  const events = Array.from({ length: calls }).flatMap((_, call) => {
    const callSid = `CA${String(call).padStart(32, '0')}`
    return [
      workspaceEvent(
        'call.started',
        { call_sid: callSid },
        { sseId: String(1_767_225_600_000 + call), receivedAt: 1_767_225_600_000 + call * 1000 },
      ),
      ...Array.from({ length: turns }, (_, turn) =>
        observerEvent('user_transcript', { transcript: `turn ${turn}` }, { callSid }),
      ),
    ]
  })
  store.append({ events, quarantined: [], cursor: null })
  store.close()
  return file
}

/** Bytes, mtime and the folder's listing: what "left unchanged" is checked against. */
function stateOf(file: string) {
  return {
    bytes: readFileSync(file).toString('base64'),
    mtimeMs: statSync(file).mtimeMs,
    folder: readdirSync(dirname(file)).sort(),
  }
}

function oneLine(text: string): string {
  const lines = text.trim().split('\n')
  expect(lines).toHaveLength(1)
  return lines[0] ?? ''
}

describe('reading commands never change the database', () => {
  it.each([
    [['sessions']],
    [['sessions', '--json']],
    [['export', '--all', '--format', 'ndjson', '--out', '-']],
  ])('%j on an empty file exits 4 with one line and leaves it empty', async (args) => {
    const file = join(tempDir(), 'empty.db')
    writeFileSync(file, '')
    const before = stateOf(file)
    const { code, stdout, stderr } = await runCli([...args, '--db', file], ENV)
    expect(code).toBe(4)
    expect(stdout).toBe('')
    expect(oneLine(stderr)).toMatch(/is empty: it is not a Call Observer database yet/)
    expect(statSync(file).size).toBe(0)
    expect(stateOf(file)).toEqual(before)
  })

  it('refuses a database that needs a migration, saying how to upgrade it', async () => {
    const file = join(tempDir(), 'old.db')
    openDatabase({ file, passphrase: PASSPHRASE, migrations: migrations.slice(0, 1) }).close()
    const before = stateOf(file)
    const { code, stderr } = await runCli(['sessions', '--db', file], ENV)
    expect(code).toBe(4)
    expect(oneLine(stderr)).toMatch(/Open it once with the app or `call-observer record` first/)
    expect(stateOf(file).bytes).toBe(before.bytes)
    expect(stateOf(file).mtimeMs).toBe(before.mtimeMs)
  })

  it('reads a database in a folder the user cannot write, creating nothing there', async () => {
    const file = recordedDb(2)
    const dir = dirname(file)
    // See spawnUnprivileged: as root the commands run without root's file-permission override.
    const user = makeFolderReadOnly(dir)
    cleanups.push(() => {
      makeFolderWritable(dir)
    })
    const before = stateOf(file)
    const sessions = await runCli(['sessions', '--db', file], ENV, user)
    expect(sessions.stderr).toBe('2 sessions, newest first.\n')
    expect(sessions.code).toBe(0)
    expect(sessions.stdout).toContain(`CA${'0'.repeat(31)}1`)
    const exported = await runCli(
      ['export', '--db', file, '--all', '--format', 'ndjson', '--out', '-'],
      ENV,
      user,
    )
    expect(exported.code).toBe(0)
    expect(exported.stdout.trim().split('\n')).toHaveLength(8)
    expect(stateOf(file)).toEqual(before)
  })

  it('reads a database another process is recording into, without disturbing it', async () => {
    const file = join(tempDir(), 'live.db')
    const recorder = startCli(['record', '--demo', '--db', file, '--json-progress', '--quiet'], {
      ...ENV,
    })
    cleanups.push(() => {
      recorder.child.kill('SIGKILL')
    })
    const progress = createInterface({ input: recorder.child.stdout })
    let stored = 0
    progress.on('line', (line) => {
      stored = (JSON.parse(line) as { stored: number }).stored
    })
    await until(() => stored > 0, 'the recorder to store events', 30_000)
    // What the recorder has reported durably stored before we read: at least that much is read.
    const storedBefore = stored
    const sessions = await runCli(['sessions', '--db', file, '--json'], ENV)
    expect(sessions.code).toBe(0)
    expect(JSON.parse(sessions.stdout)).toEqual(expect.any(Array))
    const exported = await runCli(
      ['export', '--db', file, '--all', '--format', 'ndjson', '--out', '-'],
      ENV,
    )
    expect(exported.code).toBe(0)
    expect(exported.stdout.trim().split('\n').length).toBeGreaterThanOrEqual(storedBefore)
    const storedThen = stored
    await until(() => stored > storedThen, 'the recording to go on', 30_000)
    recorder.child.kill('SIGTERM')
    expect(await recorder.exit).toBe(0)
  })
})

describe('export writes its file completely or not at all', () => {
  it('checks the output folder before opening the database', async () => {
    const file = recordedDb(1)
    const before = stateOf(file)
    // A wrong passphrase too: were the database opened first, this would exit 4.
    const { code, stdout, stderr } = await runCli(
      ['export', '--db', file, '--all', '--format', 'ndjson', '--out', '/missing/dir/x.ndjson'],
      { CALL_OBSERVER_DB_KEY: 'not the passphrase' },
    )
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(oneLine(stderr)).toMatch(
      /^The folder \/missing\/dir for --out does not exist: create it/,
    )
    expect(stateOf(file)).toEqual(before)
  })

  it('writes a file only its owner can read, whatever the umask, and replaces an older one', async () => {
    const file = recordedDb(1, 1)
    const out = join(tempDir(), 'export.ndjson')
    writeFileSync(out, 'an older export\n', { mode: 0o644 })
    const umask = process.umask(0o022) // the child inherits it
    try {
      const { code, stderr } = await runCli(
        [
          'export',
          '--db',
          file,
          '--session',
          `CA${'0'.repeat(32)}`,
          '--format',
          'ndjson',
          '--out',
          out,
        ],
        ENV,
      )
      expect(code).toBe(0)
      expect(stderr).toBe('Exported 2 events, PHI redacted.\n')
    } finally {
      process.umask(umask)
    }
    expect(statSync(out).mode & 0o777).toBe(0o600)
    const lines = readFileSync(out, 'utf8').trim().split('\n')
    expect(lines.map((line) => (JSON.parse(line) as { type: string }).type)).toEqual([
      'call.started',
      'user_transcript',
    ])
    expect(readdirSync(dirname(out))).toEqual([basename(out)])
  })

  it('counts in words a person reads: 1 event', async () => {
    const file = recordedDb(1, 0)
    const out = join(tempDir(), 'one.ndjson')
    const { code, stderr } = await runCli(
      ['export', '--db', file, '--all', '--format', 'ndjson', '--include-phi', '--out', out],
      ENV,
    )
    expect(code).toBe(0)
    expect(stderr).toBe('Exported 1 event with PHI.\n')
    const sessions = await runCli(['sessions', '--db', file], ENV)
    expect(sessions.stderr).toBe('1 session, newest first.\n')
  })

  it('says in one line that the disk is full, and leaves no partial file', async (context) => {
    const disk = mountSmallDisk(1)
    if ('skip' in disk) {
      context.skip(disk.skip)
      return
    }
    cleanups.push(() => {
      disk.unmount()
    })
    const file = recordedDb(400, 10) // a few MB of NDJSON: more than the disk holds
    const out = join(disk.dir, 'export.ndjson')
    const { code, stderr } = await runCli(
      ['export', '--db', file, '--all', '--format', 'ndjson', '--out', out],
      ENV,
    )
    expect(code).toBe(1)
    expect(oneLine(stderr)).toMatch(
      /^The export was not written to .*: the disk that holds .* is full: free some space/,
    )
    expect(stderr).not.toMatch(/unexpectedly/)
    expect(readdirSync(disk.dir)).toEqual([])
  })

  it('says in one line that the folder cannot be written', async () => {
    const file = recordedDb(1)
    const outDir = join(tempDir(), 'not-yours')
    mkdirSync(outDir, { mode: 0o555 })
    // As root, without root's file-permission override (see spawnUnprivileged).
    const user = spawnUnprivileged()
    const { code, stderr } = await runCli(
      ['export', '--db', file, '--all', '--format', 'ndjson', '--out', join(outDir, 'x.ndjson')],
      ENV,
      user,
    )
    expect(code).toBe(2)
    expect(oneLine(stderr)).toMatch(/^Cannot write to the folder .*not-yours: choose another --out/)
    expect(readdirSync(outDir)).toEqual([])
  })
})
