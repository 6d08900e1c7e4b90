import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RecordBatch } from '../records'
import { BatchedWriter, toBatch, type CommittedReport } from './batched-writer'
import { SessionStore } from './session-store'
import {
  malformedFrame,
  observerEvent,
  PASSPHRASE,
  tempFolders,
  workspaceEvent,
} from './testing/fixtures'
import type { AppendResult } from './types'

const folders = tempFolders()
let store: SessionStore
/** Every batch the store was asked to append: one per transaction. */
let batches: RecordBatch[]
let reports: CommittedReport[]

/** A sink that records each batch and then appends it to the real store. */
const sink = {
  append(batch: RecordBatch): AppendResult {
    batches.push(batch)
    return store.append(batch)
  },
}

function writer(options: ConstructorParameters<typeof BatchedWriter>[1] = {}): BatchedWriter {
  return new BatchedWriter(sink, { onCommitted: (report) => reports.push(report), ...options })
}

function nextCommit(): Promise<void> {
  const seen = reports.length
  return new Promise((resolve) => {
    const poll = setInterval(() => {
      if (reports.length > seen) {
        clearInterval(poll)
        resolve()
      }
    }, 2)
  })
}

beforeEach(() => {
  store = SessionStore.open({ file: folders.file(), passphrase: PASSPHRASE })
  batches = []
  reports = []
})
afterEach(() => {
  store.close()
  folders.cleanup()
})

describe('BatchedWriter', () => {
  it('commits what arrives within one tick in one transaction, then reports it', async () => {
    const w = writer({ tickMs: 30 })
    const started = Date.now()
    for (let index = 0; index < 10; index++) w.enqueue(observerEvent('agent_transcript_delta'))
    w.enqueue(malformedFrame('{oops', { sseId: '1767225600100' }))
    expect(batches).toHaveLength(0)
    expect(w.pending).toBe(11)
    await nextCommit()
    expect(Date.now() - started).toBeGreaterThanOrEqual(25)
    expect(batches).toHaveLength(1)
    expect(reports).toEqual([
      {
        batch: { stored: 10, duplicates: 0, quarantined: 1, lost: 0 },
        totals: { stored: 10, duplicates: 0, quarantined: 1, lost: 0 },
        cursor: '1767225600100',
        items: 11,
        durationMs: expect.any(Number) as number,
      },
    ])
    // Reported stored means stored: it is in the file when the report arrives.
    expect(store.counts()).toMatchObject({ events: 10, quarantined: 1 })
    await w.close()
  })

  it('commits early when a batch reaches its size, in slices of that size', async () => {
    const w = writer({ tickMs: 10_000, maxBatchSize: 4 })
    for (let index = 0; index < 10; index++) w.enqueue(observerEvent('agent_transcript_delta'))
    await new Promise((resolve) => setImmediate(resolve))
    await w.flush()
    expect(batches.map((batch) => batch.events.length)).toEqual([4, 4, 2])
    expect(reports.map((report) => report.totals.stored)).toEqual([4, 8, 10])
    await w.close()
  })

  it('a flush ends even while frames keep arriving, which go to the next tick', async () => {
    let arriving = true
    let late = 0
    const w = new BatchedWriter(sink, {
      tickMs: 10_000,
      maxBatchSize: 2,
      onCommitted: () => {
        if (!arriving) return
        w.enqueue(observerEvent('agent_transcript_delta'))
        late++
      },
    })
    for (let index = 0; index < 6; index++) w.enqueue(observerEvent('agent_transcript_delta'))
    await expect(w.flush()).resolves.toMatchObject({ stored: 6 })
    arriving = false
    await w.close()
    // More arrived during that flush (one per commit); later flushes took them.
    expect(late).toBeGreaterThanOrEqual(3)
    expect(store.counts().events).toBe(6 + late)
  })

  it('carries the highest SSE id committed as its cursor', async () => {
    const w = writer({ tickMs: 10_000 })
    w.enqueue(workspaceEvent('call.started', {}, { sseId: '1767225600999' }))
    w.enqueue(workspaceEvent('call.escalated', {}, { sseId: '1767225601000' }))
    w.enqueue(workspaceEvent('call.ended', {}, { sseId: '0' }))
    w.enqueue(observerEvent('latency'))
    const result = await w.flush()
    expect(result).toEqual({ stored: 4, duplicates: 0, quarantined: 0, lost: 0 })
    expect(store.cursor()).toBe('1767225601000')
    // A later batch of replayed (lower) ids does not lower the reported cursor.
    w.enqueue(workspaceEvent('call.started', {}, { sseId: '1767225600999' }))
    await w.flush()
    expect(reports.map((report) => report.cursor)).toEqual(['1767225601000', '1767225601000'])
    await w.close()
  })

  it('counts replays as duplicates in its reports', async () => {
    const w = writer()
    const replayed = workspaceEvent('call.started', {}, { sseId: '1767225600001' })
    w.enqueue(replayed)
    await w.flush()
    w.enqueue(replayed)
    w.enqueue(observerEvent('latency'))
    await w.flush()
    expect(reports.at(-1)?.totals).toEqual({ stored: 2, duplicates: 1, quarantined: 0, lost: 0 })
    await w.close()
  })

  it('close flushes everything queued and refuses more', async () => {
    const w = writer({ tickMs: 10_000 })
    for (let index = 0; index < 5; index++) w.enqueue(observerEvent('emotion'))
    await w.close()
    expect(store.counts().events).toBe(5)
    expect(() => {
      w.enqueue(observerEvent('emotion'))
    }).toThrow(/closed/)
  })

  it('keeps a failed batch queued, in order, and commits it on the next try', async () => {
    const errors: unknown[] = []
    let failures = 1
    const flaky = {
      append(batch: RecordBatch): AppendResult {
        if (failures-- > 0) throw new Error('disk full')
        return sink.append(batch)
      },
    }
    const w = new BatchedWriter(flaky, {
      tickMs: 5,
      onError: (error) => errors.push(error),
      onCommitted: (report) => reports.push(report),
    })
    w.enqueue(observerEvent('user_transcript', { transcript: 'first' }))
    w.enqueue(observerEvent('user_transcript', { transcript: 'second' }))
    await nextCommit()
    expect(errors).toEqual([new Error('disk full')])
    expect([...store.events({ all: true })].map((event) => event.payload.transcript)).toEqual([
      'first',
      'second',
    ])
    await w.close()
  })

  it('a throwing onCommitted does not make a committed batch look failed', async () => {
    const errors: unknown[] = []
    const w = new BatchedWriter(sink, {
      onCommitted: () => {
        throw new Error('listener bug')
      },
      onError: (error) => errors.push(error),
    })
    w.enqueue(observerEvent('latency'))
    await expect(w.flush()).resolves.toEqual({ stored: 1, duplicates: 0, quarantined: 0, lost: 0 })
    await w.close()
    expect(store.counts().events).toBe(1)
    expect(errors).toHaveLength(1)
  })
})

describe('toBatch', () => {
  it('splits events from quarantined frames, keeping order, and computes the cursor', () => {
    const a = workspaceEvent('call.started', {}, { sseId: '99' })
    const bad = malformedFrame('{', { sseId: '100' })
    const b = observerEvent('latency')
    expect(toBatch([a, bad, b])).toEqual({ events: [a, b], quarantined: [bad], cursor: '100' })
    expect(toBatch([b]).cursor).toBeNull()
  })
})
