import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { SessionStore } from '../core/store'
import {
  startHostilePlatform,
  type HostilePlatform,
} from '../core/platform/testing/hostile-platform'
import { until } from '../simulator/testing/raw-clients'
import { startCli } from './testing'

// `record` against a platform of the test's own that sends hostile frames between good ones
// (see hostile-platform.ts): every good frame is stored once, every bad one is quarantined with
// its reason, the recording goes on and ends with exit 0, and memory stays bounded throughout.

const PASSPHRASE = 'hostile passphrase'
const RSS_LIMIT_MB = 300
const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** The resident memory of a process, in MB, from /proc (Linux). */
function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0)
  return kb / 1024
}

function lastProgress(stdout: string): { stored: number; quarantined: number; lost: number } {
  const last = stdout.trim().split('\n').filter(Boolean).at(-1)
  return last === undefined
    ? { stored: 0, quarantined: 0, lost: 0 }
    : (JSON.parse(last) as { stored: number; quarantined: number; lost: number })
}

describe('record against a hostile platform', () => {
  it('stores every good frame once, quarantines every bad one, keeps memory bounded, exits 0', async () => {
    const platform: HostilePlatform = await startHostilePlatform()
    cleanups.push(() => platform.close())
    const dir = mkdtempSync(join(tmpdir(), 'co-hostile-'))
    cleanups.push(() => {
      rmSync(dir, { recursive: true, force: true })
    })
    const db = join(dir, 'sessions.db')
    const run = startCli(
      [
        'record',
        '--workspace',
        platform.workspaceId,
        '--base-url',
        platform.baseUrl,
        '--db',
        db,
        '--observe',
        'off',
        '--json-progress',
      ],
      { CALL_OBSERVER_API_KEY: platform.apiKey, CALL_OBSERVER_DB_KEY: PASSPHRASE },
    )
    cleanups.push(() => {
      run.child.kill('SIGKILL')
    })
    let peak = 0
    const sampler = setInterval(() => {
      if (run.child.pid !== undefined && run.child.exitCode === null) {
        peak = Math.max(peak, rssMb(run.child.pid))
      }
    }, 25)
    cleanups.push(() => {
      clearInterval(sampler)
    })
    await platform.sent
    await until(
      () => {
        const progress = lastProgress(run.stdout())
        return (
          progress.stored >= platform.good.length && progress.quarantined >= platform.hostile.length
        )
      },
      'every frame stored or quarantined',
      60_000,
    )
    run.child.kill('SIGTERM')
    expect(await run.exit).toBe(0)
    clearInterval(sampler)

    expect(lastProgress(run.stdout()).lost).toBe(0)
    expect(run.stderr()).not.toMatch(/TimeoutOverflowWarning|failed unexpectedly/)
    // One connection: no hostile frame cost the stream a reconnect.
    expect(platform.connections()).toBe(1)
    expect(peak).toBeGreaterThan(0)
    expect(peak).toBeLessThan(RSS_LIMIT_MB)

    const store = SessionStore.open({ file: db, passphrase: PASSPHRASE })
    cleanups.push(() => {
      store.close()
    })
    expect(
      [...store.events({ all: true })].map((event) => [event.sseId, event.type, event.raw]),
    ).toEqual(platform.good.map((frame) => [frame.id, frame.type, frame.data]))
    const quarantined = [...store.quarantined()]
    expect(quarantined.map((frame) => frame.reason)).toEqual(
      platform.hostile.map((frame) => frame.reason),
    )
    for (const [i, expected] of platform.hostile.entries()) {
      const kept = quarantined[i]
      expect(kept?.sseId).toBe(expected.id === '' ? null : expected.id)
      if (expected.byteLength !== null) {
        expect(kept?.oversized).toEqual({
          byteLength: expected.byteLength,
          sha256: expected.sha256,
        })
        expect(Buffer.byteLength(kept?.raw ?? '')).toBeLessThanOrEqual(1024 + 3)
      }
    }
    // The deep frames are kept whole, for a parser fix to recover.
    expect(quarantined[0]?.raw.length).toBeGreaterThan(10_000)
  }, 120_000)
})
