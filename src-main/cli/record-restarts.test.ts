import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { ObserverEvent } from '../core/events'
import { PlatformClient, type CallDetail } from '../core/platform'
import { SessionStore } from '../core/store'
import { Random } from '../simulator/scenario/random'
import { startSimulator, type Simulator } from '../simulator/simulator'
import { until } from '../simulator/testing/raw-clients'
import { startCli, type CliRun } from './testing'

// A restart campaign: the recorder is killed with SIGKILL again and again while calls are live,
// and restarted each time. Afterwards, every call that ended is in the database whole (what was
// said while no recorder ran is filled in from REST) and nothing of it twice: no caller line,
// agent word, tool call or state move more often than the platform's own record has it.

const PASSPHRASE = 'restart passphrase'
const KILLS = 6
const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function record(sim: Simulator, db: string): CliRun {
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
      '--quiet',
    ],
    { CALL_OBSERVER_API_KEY: sim.apiKey, CALL_OBSERVER_DB_KEY: PASSPHRASE },
  )
  cleanups.push(() => {
    run.child.kill('SIGKILL')
  })
  return run
}

/** A multiset as sorted entries, for comparing what was stored with what the platform kept. */
function tally(items: Iterable<string>): [string, number][] {
  const counts = new Map<string, number>()
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1)
  return [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
}

const words = (text: string) => text.split(/\s+/).filter(Boolean)

/** What a call's stored observer events say, by kind. */
function storedParts(store: SessionStore, callSid: string) {
  const events: ObserverEvent[] = []
  for (const stored of store.events({ sessionKey: callSid })) {
    if (stored.source === 'observer' && stored.known) {
      events.push(stored.payload as unknown as ObserverEvent)
    }
  }
  return {
    caller: events.flatMap((e) =>
      e.type === 'user_transcript' && e.speaker_role !== 'operator' && e.is_final !== false
        ? [e.transcript]
        : [],
    ),
    agentWords: events.flatMap((e) => (e.type === 'agent_transcript' ? words(e.transcript) : [])),
    tools: events.flatMap((e) => (e.type === 'tool_call_completed' ? [e.call_id] : [])),
    moves: events.flatMap((e) =>
      e.type === 'state_transition' ? [`${e.previous_state}→${e.next_state}`] : [],
    ),
  }
}

function restParts(detail: CallDetail) {
  return {
    caller: detail.turns.flatMap((turn) => (turn.user_transcript ? [turn.user_transcript] : [])),
    agentWords: detail.turns.flatMap((turn) => words(turn.agent_transcript ?? '')),
    tools: detail.turns.flatMap((turn) => turn.tool_calls.map((tool) => tool.call_id ?? '')),
    moves: detail.turns.flatMap((turn) =>
      turn.state_transitions.map((move) => `${move.from_state}→${move.to_state}`),
    ),
  }
}

describe('record through a kill -9 campaign', () => {
  it('stores every call whole and nothing twice', async () => {
    const sim = await startSimulator({ speed: 8, seed: 77, callsPerMinute: 6 })
    cleanups.push(() => sim.close())
    const dir = mkdtempSync(join(tmpdir(), 'co-restarts-'))
    cleanups.push(() => {
      rmSync(dir, { recursive: true, force: true })
    })
    const db = join(dir, 'sessions.db')
    const rng = Random.derive(5, 'kills')
    for (let kill = 0; kill < KILLS; kill++) {
      const run = record(sim, db)
      await until(() => /"stored":[1-9]/.test(run.stdout()), 'a first commit', 30_000)
      // Killed at a random moment: mid-batch, mid-backfill, mid-call.
      await new Promise((resolve) => setTimeout(resolve, rng.int(300, 3000)))
      run.child.kill('SIGKILL')
      await run.exit
    }
    const last = record(sim, db)
    await until(() => /"stored":[1-9]/.test(last.stdout()), 'a first commit', 30_000)
    // Long enough for the calls live at the last restart to end and be filled in.
    await new Promise((resolve) => setTimeout(resolve, 25_000))
    const stoppedAt = Date.now()
    last.child.kill('SIGTERM')
    expect(await last.exit).toBe(0)

    const store = SessionStore.open({ file: db, passphrase: PASSPHRASE })
    cleanups.push(() => {
      store.close()
    })
    const client = new PlatformClient(sim)
    // Calls that ended early enough for their last backfill to have run before the stop.
    const ended = store
      .listSessions()
      .filter(
        (session) =>
          session.kind === 'voice' &&
          session.endedAt !== null &&
          session.endedAt < stoppedAt - 10_000,
      )
    expect(ended.length).toBeGreaterThan(5)
    let backfilled = 0
    for (const session of ended) {
      const detail = await client.callDetail(session.key)
      const stored = storedParts(store, session.key)
      const rest = restParts(detail)
      expect({ call: session.key, ...mapValues(stored, tally) }).toEqual({
        call: session.key,
        ...mapValues(rest, tally),
      })
      backfilled += [...store.events({ sessionKey: session.key })].filter(
        (e) => e.backfilled,
      ).length
    }
    // The campaign did cost the sockets frames, and REST filled them in.
    expect(backfilled).toBeGreaterThan(0)
  }, 240_000)
})

function mapValues<T, U>(record: Record<string, T>, map: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value)]))
}
