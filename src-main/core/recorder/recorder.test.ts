import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { acceleratedClock } from '../platform/testing/accelerated-clock'
import { SessionStore } from '../store'
import { startSimulator, type Simulator, type SimulatorOptions } from '../../simulator/simulator'
import type { SentFrame } from '../../simulator/frame-log'
import { workspaceFirehose } from '../../simulator/firehose'
import { until } from '../../simulator/testing/raw-clients'
import { mountSmallDisk } from '../store/testing/small-disk'
import {
  PAUSE_READING_AT,
  Recorder,
  type RecorderOptions,
  type RecordingStore,
  type StorageStatus,
} from './recorder'

// The recorder against the demo platform, compared frame for frame with what the platform sent.

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function tempStore(): { file: string; open: () => SessionStore } {
  const dir = mkdtempSync(join(tmpdir(), 'co-recorder-'))
  cleanups.push(() => {
    rmSync(dir, { recursive: true, force: true })
  })
  const file = join(dir, 'sessions.db')
  return {
    file,
    open: () => SessionStore.open({ file, passphrase: 'correct horse battery staple' }),
  }
}

async function simulator(options: SimulatorOptions): Promise<Simulator> {
  const sim = await startSimulator({ clock: 'manual', ...options })
  cleanups.push(() => sim.close())
  return sim
}

/** A recorder whose `start()` resolves once its stream is connected, so no frame predates it. */
function recorder(sim: Simulator, store: RecordingStore, overrides: Partial<RecorderOptions> = {}) {
  let connected: () => void = () => undefined
  const streamUp = new Promise<void>((resolve) => {
    connected = resolve
  })
  const rec = new Recorder({
    baseUrl: sim.baseUrl,
    workspaceId: sim.workspaceId,
    apiKey: sim.apiKey,
    store,
    observe: 'auto',
    tickMs: 20,
    clock: acceleratedClock(0.01),
    onStreamStatus: (status) => {
      if (status.state === 'connected') connected()
    },
    ...overrides,
  })
  return {
    recorder: rec,
    start: async () => {
      await rec.start()
      await streamUp
    },
    stop: () => rec.stop(),
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Plays simulated time in one-second steps, giving the network a moment between steps. */
async function play(sim: Simulator, minutes: number): Promise<void> {
  for (let second = 0; second < minutes * 60; second++) {
    sim.advance(1000)
    await pause(2)
  }
  await pause(300)
}

type Workspace = Extract<SentFrame, { stream: 'workspace' }>
const key = (sseId: string | null, type: string | null, raw: string) => `${sseId}|${type}|${raw}`

/** Every distinct workspace frame the simulator sent (replays collapse), in first-sent order. */
function sentWorkspace(sim: Simulator, kind: Workspace['kind']): string[] {
  const seen = new Set<string>()
  for (const frame of sim.log.frames) {
    if (frame.stream === 'workspace' && frame.kind === kind)
      seen.add(key(frame.sseId, frame.event, frame.data))
  }
  return [...seen]
}

function sentObserver(sim: Simulator): Map<string, string[]> {
  const byCall = new Map<string, string[]>()
  for (const frame of sim.log.frames) {
    if (frame.stream !== 'observer') continue
    byCall.set(frame.callSid, [...(byCall.get(frame.callSid) ?? []), frame.text])
  }
  return byCall
}

function storedObserverCount(store: SessionStore): number {
  const events = [...store.events({ all: true })].filter(
    (e) => e.source === 'observer' && !e.backfilled,
  )
  const quarantined = [...store.quarantined()].filter((f) => f.source === 'observer')
  return events.length + quarantined.length
}

/**
 * Waits until the store holds every workspace frame the simulator sent (and, with `observers`,
 * every observer frame), instead of a fixed pause: on a loaded machine delivery takes longer.
 */
async function settled(sim: Simulator, store: SessionStore, observers = false): Promise<void> {
  const workspace = () =>
    storedWorkspace(store).length +
    [...store.quarantined()].filter((f) => f.source === 'workspace').length
  const sentCount = sentWorkspace(sim, 'event').length + sentWorkspace(sim, 'malformed').length
  await until(() => workspace() >= sentCount, 'every workspace frame stored', 20_000)
  if (!observers) return
  const sent = [...sentObserver(sim).values()].reduce((sum, frames) => sum + frames.length, 0)
  await until(() => storedObserverCount(store) >= sent, 'every observer frame stored', 20_000)
}

function storedWorkspace(store: SessionStore): string[] {
  return [...store.events({ all: true })]
    .filter((event) => event.source === 'workspace')
    .map((event) => key(event.sseId, event.type, event.raw))
}

function storedObserver(store: SessionStore): Map<string, string[]> {
  const byCall = new Map<string, string[]>()
  for (const event of store.events({ all: true })) {
    if (event.source !== 'observer' || event.backfilled || event.callSid === null) continue
    byCall.set(event.callSid, [...(byCall.get(event.callSid) ?? []), event.raw])
  }
  for (const frame of store.quarantined()) {
    if (frame.source !== 'observer' || frame.callSid === null) continue
    byCall.set(frame.callSid, [...(byCall.get(frame.callSid) ?? []), frame.raw])
  }
  return byCall
}

function expectObserverFramesStoredOnce(sim: Simulator, store: SessionStore): void {
  const sent = sentObserver(sim)
  const stored = storedObserver(store)
  expect([...stored.keys()].sort()).toEqual([...sent.keys()].sort())
  for (const [callSid, frames] of sent) {
    // Malformed observer frames sit in quarantine, so compare as multisets, then order of events.
    expect([...(stored.get(callSid) ?? [])].sort(), callSid).toEqual([...frames].sort())
  }
}

describe('Recorder against the demo platform', () => {
  it('stores every frame sent exactly once, in order: unknown types kept, malformed quarantined', async () => {
    const sim = await simulator({ seed: 21, faults: { malformedEvery: 25, futureTypeEvery: 30 } })
    const { open } = tempStore()
    const store = open()
    cleanups.push(() => {
      store.close()
    })
    const rec = recorder(sim, store)
    await rec.start()
    await play(sim, 4)
    await settled(sim, store, true)
    await rec.stop()

    expect(storedWorkspace(store)).toEqual(sentWorkspace(sim, 'event'))
    const quarantined = [...store.quarantined()].filter((f) => f.source === 'workspace')
    expect(quarantined.map((f) => key(f.sseId, f.type, f.raw))).toEqual(
      sentWorkspace(sim, 'malformed'),
    )
    const unknown = [...store.events({ all: true })].filter((event) => !event.known)
    expect(unknown.length).toBeGreaterThan(0)
    expect(unknown.every((event) => event.type === 'call.summary_ready')).toBe(true)
    expectObserverFramesStoredOnce(sim, store)
    expect(sentObserver(sim).size).toBeGreaterThan(1)
  })

  it('loses and duplicates nothing under every fault at once', async () => {
    const sim = await simulator({
      seed: 22,
      faults: {
        dropStreamEvery: 40,
        splitFrames: true,
        lineEnding: 'crlf',
        malformedEvery: 20,
        shareIdEvery: 7,
        dropObserverEvery: 60,
      },
      heartbeatMs: 50,
    })
    const { open } = tempStore()
    const store = open()
    cleanups.push(() => {
      store.close()
    })
    // What live views are handed: each workspace event once, despite the resume overlap.
    const live: string[] = []
    const rec = recorder(sim, store, {
      onReceived: (event) => {
        if (event.source === 'workspace') live.push(key(event.sseId, event.type, event.raw))
      },
    })
    await rec.start()
    await play(sim, 4)
    await settled(sim, store)
    await rec.stop()

    const published = sim.publishedCount()
    expect(storedWorkspace(store)).toEqual(sentWorkspace(sim, 'event'))
    expect(live).toEqual(storedWorkspace(store))
    expect(storedWorkspace(store).length + sentWorkspace(sim, 'malformed').length).toBe(published)
    expectObserverFramesStoredOnce(sim, store)
    expect([...store.events({ all: true })].some((event) => event.backfilled)).toBe(true)
  })

  it('resumes from the stored cursor after a restart, without a gap', async () => {
    const sim = await simulator({ seed: 23 })
    const { open } = tempStore()
    const first = open()
    const before = recorder(sim, first)
    await before.start()
    await play(sim, 1)
    await before.stop()
    first.close()

    await play(sim, 1) // the platform goes on while nobody records

    const second = open()
    cleanups.push(() => {
      second.close()
    })
    const after = recorder(sim, second)
    await after.start()
    await play(sim, 1)
    await settled(sim, second)
    await after.stop()
    const stored = storedWorkspace(second)
    expect(stored.length).toBe(sim.publishedCount())
    expect(stored).toEqual(sentWorkspace(sim, 'event'))
  })

  it('waits out a full disk: says so, keeps every frame received, saves them once there is space', async (context) => {
    const disk = mountSmallDisk(32)
    if ('skip' in disk) {
      context.skip(disk.skip)
      return
    }
    cleanups.push(() => {
      disk.unmount()
    })
    const sim = await simulator({ seed: 24 })
    const store = SessionStore.open({
      file: join(disk.dir, 'sessions.db'),
      passphrase: 'correct horse battery staple',
    })
    cleanups.push(() => {
      store.close()
    })
    const statuses: StorageStatus[] = []
    const rec = recorder(sim, store, { onStorage: (status) => statuses.push(status) })
    await rec.start()
    await play(sim, 0.5)
    await settled(sim, store, true)

    disk.fill()
    await play(sim, 0.5) // the platform goes on while nothing can be written
    await until(() => statuses.length > 0, 'the failure reported', 20_000)
    const failure = statuses[0]
    if (failure?.state !== 'failing') throw new Error('the first status is not a failure')
    expect(failure.message).toMatch(/^The disk that holds the database .+ is full: free some space/)
    expect(failure.waiting).toBeGreaterThan(0)

    disk.free()
    await settled(sim, store, true)
    await rec.stop()
    expect(statuses.at(-1)).toEqual({ state: 'saving' })
    expect(storedWorkspace(store)).toEqual(sentWorkspace(sim, 'event'))
    expectObserverFramesStoredOnce(sim, store)
  })

  it('stops reading while the store is behind, so memory stays bounded, and loses nothing', async () => {
    const sim = await simulator({ scenario: workspaceFirehose, replayWindowMs: 10 * 60_000 })
    const { open } = tempStore()
    const store = open()
    cleanups.push(() => {
      store.close()
    })
    // A store slower than the stream: every commit takes a while longer.
    const slowStore = {
      cursor: () => store.cursor(),
      events: (selector: Parameters<SessionStore['events']>[0]) => store.events(selector),
      backfillsDue: () => store.backfillsDue(),
      append: async (batch: Parameters<SessionStore['append']>[0]) => {
        await pause(400)
        return store.append(batch)
      },
    }
    const slow = recorder(sim, slowStore, { observe: 'off' })
    const rec = slow.recorder
    await slow.start()
    sim.advance(120_000) // 120,000 events at once, far faster than this store commits them
    let largestBacklog = 0
    await until(
      () => {
        largestBacklog = Math.max(largestBacklog, rec.backlog)
        return rec.progress.stored >= sim.publishedCount()
      },
      'every event stored',
      120_000,
    )
    await rec.stop()
    expect(largestBacklog).toBeGreaterThan(PAUSE_READING_AT / 2)
    expect(largestBacklog).toBeLessThan(PAUSE_READING_AT * 1.5)
    expect(store.counts().events).toBe(sim.publishedCount())
  }, 180_000)
})
