import { afterEach, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator, type SimulatorOptions } from '../../simulator/simulator'
import { until } from '../../simulator/testing/raw-clients'
import { CallLedger } from './call-ledger'
import { ObserverPool, type ObservedCallStatus, type ObserverBackfill } from './observer-pool'
import type { ObserverFrame } from './observer-socket'
import { PlatformClient } from './platform-client'
import { acceleratedClock } from './testing/accelerated-clock'
import { advanceToLiveCall } from './testing/simulator-helpers'

const DEADLINE_MS = 20_000
let sim: Simulator | null = null
let pool: ObserverPool | null = null
afterEach(async () => {
  await pool?.close()
  await sim?.close()
  pool = null
  sim = null
})

async function simulator(options: SimulatorOptions = {}): Promise<Simulator> {
  sim = await startSimulator({ clock: 'manual', seed: 21, ...options })
  return sim
}

interface RecordedPool {
  pool: ObserverPool
  frames: ObserverFrame[]
  backfills: ObserverBackfill[]
  statuses: Map<string, ObservedCallStatus[]>
  suspensions: string[]
}

function recordPool(s: Simulator, maxObservers = 100): RecordedPool {
  const recorded: RecordedPool = {
    frames: [],
    backfills: [],
    statuses: new Map(),
    suspensions: [],
    pool: new ObserverPool({
      baseUrl: s.baseUrl,
      workspaceId: s.workspaceId,
      apiKey: s.apiKey,
      maxObservers,
      clock: acceleratedClock(0.01),
      onFrame: (frame) => recorded.frames.push(frame),
      onBackfill: (backfill) => recorded.backfills.push(backfill),
      onCallStatus: (callSid, status) => {
        recorded.statuses.set(callSid, [...(recorded.statuses.get(callSid) ?? []), status])
      },
      onSuspended: (status) => recorded.suspensions.push(status.message),
    }),
  }
  pool = recorded.pool
  return recorded
}

function lastState(recorded: RecordedPool, callSid: string): string | undefined {
  return recorded.statuses.get(callSid)?.at(-1)?.state
}

function userTranscripts(frames: readonly ObserverFrame[]): string[] {
  return frames.flatMap((frame) =>
    frame.result.kind === 'event' && frame.result.event.type === 'user_transcript'
      ? [frame.result.event.transcript]
      : [],
  )
}

describe('ObserverPool', { timeout: 60_000 }, () => {
  it('observes up to the cap, queues the rest, and opens them as slots free up', async () => {
    const s = await simulator()
    const calls: string[] = []
    for (let i = 0; i < 3; i++) calls.push(await advanceToLiveCall(s, new Set(calls)))
    const [first = '', second = '', third = ''] = calls
    const recorded = recordPool(s, 2)
    const { pool: observers } = recorded
    expect(calls.map((callSid) => observers.observe(callSid))).toEqual([
      'observing',
      'observing',
      'queued',
    ])
    expect(observers.observe(first)).toBe('already')
    expect(observers.observe(third)).toBe('already')
    expect(lastState(recorded, third)).toBe('queued')
    await until(() => lastState(recorded, second) === 'connected', 'the second call', DEADLINE_MS)
    observers.release(first)
    await until(() => lastState(recorded, third) === 'connected', 'the queued call', DEADLINE_MS)
    expect([observers.observingCount, observers.queuedCount]).toEqual([2, 0])
    expect(observers.observe(first)).toBe('finished')
  })

  it('backfills the turns a dropped socket missed, and only those', async () => {
    const s = await simulator({ faults: { dropObserverEvery: 8 } })
    const callSid = await advanceToLiveCall(s)
    const recorded = recordPool(s)
    recorded.pool.observe(callSid)
    await until(() => recorded.frames.length > 0, 'session_info', DEADLINE_MS)
    // Minutes pass in one go each: a socket cut during one misses the rest of that minute.
    for (let minute = 0; minute < 30 && lastState(recorded, callSid) !== 'ended'; minute++) {
      s.advance(60_000)
      await new Promise((resolve) => setTimeout(resolve, 30))
    }
    recorded.pool.release(callSid) // what the recorder does on call.ended
    const detail = await new PlatformClient(s).callDetail(callSid)
    const combined = () => {
      const ledger = new CallLedger()
      for (const frame of recorded.frames) ledger.addFrame(frame)
      for (const frame of recorded.backfills.flatMap((backfill) => backfill.frames)) {
        ledger.addFrame(frame)
      }
      return ledger
    }
    await until(
      () =>
        combined().missing(detail.turns).length === 0 &&
        combined().missingOperatorSpeech(detail.human_segments).length === 0,
      'the backfill',
      DEADLINE_MS,
    )
    const backfilled = recorded.backfills.flatMap((backfill) => backfill.frames)
    expect(backfilled.length).toBeGreaterThan(0)
    expect(recorded.backfills.every((backfill) => backfill.callSid === callSid)).toBe(true)
    expect(
      backfilled.every((frame) => (JSON.parse(frame.raw) as { backfilled?: unknown }).backfilled),
    ).toBe(true)
    // Nothing delivered live was filled in again: each caller line is there exactly once.
    const userLines = [...userTranscripts(recorded.frames), ...userTranscripts(backfilled)]
    // (An operator's words in a takeover are `human_segments` in REST, and user transcripts live.)
    const restLines = [
      ...detail.turns.flatMap((turn) => (turn.user_transcript ? [turn.user_transcript] : [])),
      ...detail.human_segments.map((segment) => segment.transcript),
    ]
    expect(userLines.sort()).toEqual(restLines.sort())
  })

  it('backfills the start of a call that was already live when it began observing', async () => {
    const s = await simulator()
    const callSid = await advanceToLiveCall(s)
    s.advance(45_000)
    const before = await new PlatformClient(s).callDetail(callSid)
    expect(before.turns.length).toBeGreaterThan(0)
    const recorded = recordPool(s)
    expect((await recorded.pool.observeActiveSessions()).length).toBeGreaterThan(0)
    await until(
      () => recorded.backfills.some((backfill) => backfill.callSid === callSid),
      'the backfill',
      DEADLINE_MS,
    )
    const backfill = recorded.backfills.find((b) => b.callSid === callSid)
    // Every turn over before it was observed; the one in progress is the socket's to deliver.
    expect(backfill?.turns.map((turn) => turn.id)).toEqual(
      before.turns.slice(0, -1).map((turn) => turn.id),
    )
  })

  it('stops opening observers once the key is refused, instead of trying every call', async () => {
    const s = await simulator()
    const first = await advanceToLiveCall(s)
    const second = await advanceToLiveCall(s, new Set([first]))
    s.setKeyState('expired')
    const recorded = recordPool(s)
    expect(recorded.pool.observe(first)).toBe('observing')
    await until(() => lastState(recorded, first) === 'stopped', 'the refusal', DEADLINE_MS)
    expect(recorded.pool.suspendedReason).toBe('key_expired')
    expect(recorded.pool.observe(second)).toBe('suspended')
    expect(recorded.statuses.get(second)?.at(-1)).toMatchObject({
      state: 'stopped',
      reason: 'key_expired',
    })
    // Said once, with the refusal's own reason, whatever else then stops.
    recorded.pool.release(first)
    expect(recorded.suspensions).toHaveLength(1)
    expect(recorded.suspensions[0]).toMatch(/expired/i)
  })

  it('follows call.started and call.ended from the workspace stream', async () => {
    const s = await simulator()
    const callSid = await advanceToLiveCall(s)
    const recorded = recordPool(s)
    recorded.pool.handleWorkspaceEvent({
      event_type: 'call.started',
      call_sid: callSid,
      direction: 'inbound',
      service_id: '6f1c0000-0000-4000-8000-000000000000',
    })
    await until(() => lastState(recorded, callSid) === 'connected', 'the observer', DEADLINE_MS)
    recorded.pool.handleWorkspaceEvent({
      event_type: 'call.ended',
      call_sid: callSid,
      completion_reason: 'completed',
      direction: 'inbound',
      duration_seconds: 12,
      escalated: false,
    })
    // Not at once: the socket's last frames may still be on their way (END_GRACE_MS).
    expect(recorded.pool.observingCount).toBe(1)
    await until(() => recorded.pool.observingCount === 0, 'the release', DEADLINE_MS)
    expect(lastState(recorded, callSid)).toBe('stopped')
  })
})
