import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { observerPhiFields, workspacePhiFields } from '../core/events'
import { SessionStore } from '../core/store'
import { startSimulator, type Simulator, type SimulatorOptions } from '../simulator/simulator'
import { openRawStream, until } from '../simulator/testing/raw-clients'
import { startCli, type CliRun } from './testing'

const PASSPHRASE = 'correct horse battery staple'
const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'co-record-'))
  cleanups.push(() => {
    rmSync(dir, { recursive: true, force: true })
  })
  return dir
}

async function simulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const sim = await startSimulator({ speed: 30, seed: 31, ...options })
  cleanups.push(() => sim.close())
  return sim
}

function record(sim: Simulator, db: string, extra: string[] = [], passphrase = PASSPHRASE): CliRun {
  const run = startCli(
    [
      'record',
      '--workspace',
      sim.workspaceId,
      '--base-url',
      sim.baseUrl,
      '--db',
      db,
      '--json-progress',
      ...extra,
    ],
    { CALL_OBSERVER_API_KEY: sim.apiKey, CALL_OBSERVER_DB_KEY: passphrase },
  )
  cleanups.push(() => {
    run.child.kill('SIGKILL')
  })
  return run
}

/** The `stored` of the last progress line the recorder printed: what it claims is in the file. */
function reportedStored(run: CliRun): number {
  const lines = run.stdout().trim().split('\n').filter(Boolean)
  const last = lines.at(-1)
  return last === undefined ? 0 : (JSON.parse(last) as { stored: number }).stored
}

function fingerprint(file: string) {
  return {
    sha: createHash('sha256').update(readFileSync(file)).digest('hex'),
    mtime: statSync(file).mtimeMs,
  }
}

function oneLine(text: string): string {
  const lines = text.trim().split('\n')
  expect(lines).toHaveLength(1)
  return lines[0] ?? ''
}

describe('call-observer record: failures say why, exit with their code, and lose nothing', () => {
  it('exits 4 for a wrong passphrase, leaving the database untouched', async () => {
    const sim = await simulator()
    const db = join(tempDir(), 'sessions.db')
    SessionStore.open({ file: db, passphrase: PASSPHRASE }).close()
    const before = fingerprint(db)
    const run = record(sim, db, ['--for', '5'], 'not the passphrase')
    expect(await run.exit).toBe(4)
    expect(oneLine(run.stderr())).toMatch(/passphrase is wrong/)
    expect(fingerprint(db)).toEqual(before)
  })

  it('exits 4 for a file that is not a database, leaving it untouched', async () => {
    const sim = await simulator()
    const db = join(tempDir(), 'holiday-photo.jpg')
    writeFileSync(db, Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919) % 256)))
    const before = fingerprint(db)
    const run = record(sim, db, ['--for', '5'])
    expect(await run.exit).toBe(4)
    oneLine(run.stderr())
    expect(fingerprint(db)).toEqual(before)
  })

  it('exits 3 when the platform rejects the key at start', async () => {
    const sim = await simulator()
    sim.setKeyState('revoked')
    const run = record(sim, join(tempDir(), 'sessions.db'), ['--for', '5'])
    expect(await run.exit).toBe(3)
    expect(run.stderr()).toMatch(/rejected the API key/)
  })

  it('exits 3 when the key is revoked mid-recording, keeping everything stored', async () => {
    const sim = await simulator()
    const db = join(tempDir(), 'sessions.db')
    const run = record(sim, db)
    await until(() => reportedStored(run) > 20, 'some events stored', 20_000)
    sim.setKeyState('revoked')
    sim.faults.dropStreamEvery = 1 // the next reconnect meets the revoked key
    expect(await run.exit).toBe(3)
    expect(run.stderr()).toMatch(/rejected/)
    const store = SessionStore.open({ file: db, passphrase: PASSPHRASE })
    expect(store.counts().events).toBeGreaterThanOrEqual(reportedStored(run))
    store.close()
  })

  it('goes on recording when observers are refused for an expired key (4100), and says so', async () => {
    const sim = await simulator()
    const db = join(tempDir(), 'sessions.db')
    const run = record(sim, db)
    await until(() => reportedStored(run) > 5, 'some events stored', 20_000)
    sim.setKeyState('expired')
    await until(
      () => /No more calls can be observed/.test(run.stderr()),
      'the observer notice',
      30_000,
    )
    expect(run.stderr()).toMatch(/expired/i)
    const storedThen = reportedStored(run)
    await until(() => reportedStored(run) > storedThen, 'recording to go on', 20_000)
    run.child.kill('SIGTERM')
    expect(await run.exit).toBe(0)
  })

  it('exits 1 with a clear line when the workspace has no stream left', async () => {
    const sim = await simulator({ maxStreams: 1 })
    const other = await openRawStream(sim.baseUrl, `/v1/${sim.workspaceId}/events/stream`, {
      Authorization: `Bearer ${sim.apiKey}`,
    })
    cleanups.push(() => {
      other.close()
    })
    const run = record(sim, join(tempDir(), 'sessions.db'), ['--observe', 'off'])
    expect(await run.exit).toBe(1)
    expect(run.stderr()).toMatch(/stream/i)
  })

  it('never writes a PHI value from the run to its output', async () => {
    const sim = await simulator({ faults: { malformedEvery: 15 } })
    const run = record(sim, join(tempDir(), 'sessions.db'))
    await until(() => reportedStored(run) > 150, 'a good part of a call', 30_000)
    sim.faults.dropStreamEvery = 50
    await until(() => reportedStored(run) > 300, 'more events', 30_000)
    run.child.kill('SIGTERM')
    expect(await run.exit).toBe(0)
    const phi = new Set<string>()
    for (const frame of sim.log.frames) {
      const [type, text] =
        frame.stream === 'workspace' ? [frame.event, frame.data] : [frame.type, frame.text]
      const fields =
        (frame.stream === 'workspace' ? workspacePhiFields : observerPhiFields).get(type) ?? []
      try {
        const payload = JSON.parse(text) as Record<string, unknown>
        for (const field of fields) {
          const value = payload[field]
          for (const item of Array.isArray(value) ? value : [value]) {
            if (typeof item === 'string' && item.length >= 6) phi.add(item)
          }
        }
      } catch {
        // a malformed frame: its values are in quarantine, and must not be in the output either
      }
    }
    expect(phi.size).toBeGreaterThan(10)
    const output = run.stdout() + run.stderr()
    expect([...phi].filter((value) => output.includes(value))).toEqual([])
  })
})

describe('call-observer record --keep-days', () => {
  it('deletes sessions older than the retention period, and keeps the recent ones', async () => {
    const sim = await simulator()
    const db = join(tempDir(), 'sessions.db')
    const store = SessionStore.open({ file: db, passphrase: PASSPHRASE })
    const day = 24 * 3600 * 1000
    const sample = (callSid: string, receivedAt: number) => ({
      source: 'workspace' as const,
      known: false as const,
      type: 'call.noted',
      payload: { call_sid: callSid },
      callSid,
      sessionId: null,
      sseId: null,
      receivedAt,
      raw: JSON.stringify({ call_sid: callSid }),
      backfilled: false,
    })
    store.append({
      events: [sample('CAold', Date.now() - 40 * day), sample('CArecent', Date.now() - 2 * day)],
      quarantined: [],
      cursor: null,
    })
    store.close()
    const run = record(sim, db, ['--keep-days', '30', '--for', '1'])
    expect(await run.exit).toBe(0)
    expect(run.stderr()).toMatch(/Retention: deleted 1 session older than 30 days/)
    const after = SessionStore.open({ file: db, passphrase: PASSPHRASE })
    expect(after.session('CAold')).toBeUndefined()
    expect(after.session('CArecent')).toBeDefined()
    after.close()
  })
})

describe('call-observer record under kill -9', () => {
  it('leaves a database that opens, passes integrity_check and holds every event reported stored', async () => {
    const sim = await simulator({ speed: 60 })
    const db = join(tempDir(), 'sessions.db')
    let before = 0
    for (let round = 0; round < 20; round++) {
      const run = record(sim, db)
      await until(
        () => reportedStored(run) > 0 || run.stdout().length > 0,
        'a first commit',
        30_000,
      )
      await new Promise((resolve) => setTimeout(resolve, 50 + ((round * 7919) % 900)))
      run.child.kill('SIGKILL')
      await run.exit
      const store = SessionStore.open({ file: db, passphrase: PASSPHRASE })
      expect(store.integrityCheck()).toEqual(['ok'])
      const now = store.counts().events
      expect(now, `round ${round}`).toBeGreaterThanOrEqual(before + reportedStored(run))
      before = now
      store.close()
    }
  }, 180_000)
})
