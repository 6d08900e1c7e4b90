import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { SessionStore } from '../core/store'
import { startSimulator, type Simulator } from '../simulator/simulator'
import { until } from '../simulator/testing/raw-clients'
import { startCli, type CliRun } from './testing'

// How `record` begins: the key is checked before the database is touched, and a platform that
// cannot be reached is waited for (as the app does), saying so, instead of failing.

const PASSPHRASE = 'start passphrase'
const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'co-record-start-'))
  cleanups.push(() => {
    rmSync(dir, { recursive: true, force: true })
  })
  return join(dir, 'sessions.db')
}

/** A loopback port nothing listens on (taken, then given back). */
async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise((resolve) => server.close(resolve))
  if (address === null || typeof address === 'string') throw new Error('no port')
  return address.port
}

function record(baseUrl: string, workspaceId: string, apiKey: string, db: string): CliRun {
  const run = startCli(
    ['record', '--workspace', workspaceId, '--base-url', baseUrl, '--db', db, '--json-progress'],
    { CALL_OBSERVER_API_KEY: apiKey, CALL_OBSERVER_DB_KEY: PASSPHRASE },
  )
  cleanups.push(() => {
    run.child.kill('SIGKILL')
  })
  return run
}

describe('record at start', () => {
  it('keeps trying a platform it cannot reach, says so, and records once it answers', async () => {
    const port = await freePort()
    const db = tempDb()
    const workspaceId = '7b3e9c14-2f6a-4d8b-9e1c-5a0f3d7b2c61'
    const run = record(
      `http://127.0.0.1:${port}`,
      workspaceId,
      'sk_demo_call_observer_4f9c2e7a1b3d5f60',
      db,
    )
    await until(() => /Trying again in \d+ s/.test(run.stderr()), 'the retry notice', 30_000)
    expect(run.stderr()).toMatch(
      /Checking the API key: the platform could not be reached \(ECONNREFUSED\)/,
    )
    expect(run.stderr()).not.toMatch(/authMe|failed unexpectedly/)
    // Nothing is written until the platform has accepted the key.
    expect(existsSync(db)).toBe(false)
    expect(run.child.exitCode).toBeNull()
    const sim: Simulator = await startSimulator({ port, speed: 30, seed: 8 })
    cleanups.push(() => sim.close())
    expect(sim.workspaceId).toBe(workspaceId)
    await until(() => /"stored":[1-9]/.test(run.stdout()), 'events stored', 60_000)
    run.child.kill('SIGTERM')
    expect(await run.exit).toBe(0)
    const store = SessionStore.open({ file: db, passphrase: PASSPHRASE })
    expect(store.counts().events).toBeGreaterThan(0)
    store.close()
  }, 90_000)

  it('stops waiting on Ctrl+C without leaving a database behind', async () => {
    const db = tempDb()
    const run = record(`http://127.0.0.1:${await freePort()}`, 'w', 'k', db)
    await until(() => /Trying again/.test(run.stderr()), 'the retry notice', 30_000)
    run.child.kill('SIGINT')
    expect(await run.exit).toBe(0)
    expect(run.stderr()).toMatch(/nothing was recorded/)
    expect(existsSync(db)).toBe(false)
  })

  it('exits 3 on a rejected key without creating the database', async () => {
    const sim = await startSimulator({ clock: 'manual' })
    cleanups.push(() => sim.close())
    sim.setKeyState('revoked')
    const db = tempDb()
    const run = record(sim.baseUrl, sim.workspaceId, sim.apiKey, db)
    expect(await run.exit).toBe(3)
    expect(run.stderr().trim().split('\n')).toHaveLength(1)
    expect(existsSync(db)).toBe(false)
  })
})
