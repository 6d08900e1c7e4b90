import type { BackfillMark, QuarantinedFrame, RecordBatch, RecordedEvent } from '../records'
import { maxSseId } from './cursor'
import type { AppendResult } from './types'

/** Where batches go: the `SessionStore`, or later a proxy to a store in a worker thread. */
export interface BatchSink {
  append(batch: RecordBatch): AppendResult | Promise<AppendResult>
}

/**
 * A received frame to store (an event, known or not, or a malformed frame for quarantine), or a
 * backfill mark that must commit in order with the frames around it.
 */
export type WriterItem = RecordedEvent | QuarantinedFrame | BackfillMark

/** Reported after each commit, never before: "stored" means in the file, durably. */
export interface CommittedReport {
  /** What this commit did. */
  batch: AppendResult
  /** Everything committed through this writer so far. */
  totals: AppendResult
  /**
   * The highest stream cursor committed through this writer so far (never lower than an earlier
   * report's, even when a batch holds only replayed ids); null until a batch carried one.
   */
  cursor: string | null
  /** Frames in this commit, duplicates included. */
  items: number
  /** How long the commit took (for a slow-commit log line). */
  durationMs: number
}

export interface BatchedWriterOptions {
  /** The longest a frame waits before its batch is committed. Default 50 ms. */
  tickMs?: number
  /**
   * A batch this large is committed at once, without waiting for the tick; a backlog is committed
   * in slices of this size. Default 5000: at 50,000 frames/s a 50 ms tick holds about 2,500, so
   * this bounds bursts (a replay after a reconnect), where bigger transactions commit faster.
   */
  maxBatchSize?: number
  onCommitted?: (report: CommittedReport) => void
  /**
   * A timed commit failed (or `onCommitted` threw). The failed batch stays queued, in order, and
   * is retried with a growing delay (up to 5 s); `flush()` and `close()` reject with the error.
   */
  onError?: (error: unknown) => void
}

const MAX_RETRY_DELAY_MS = 5000
export const DEFAULT_TICK_MS = 50
export const DEFAULT_MAX_BATCH_SIZE = 5000

function emptyResult(): AppendResult {
  return { stored: 0, duplicates: 0, quarantined: 0, lost: 0 }
}

function addTo(total: AppendResult, more: AppendResult): void {
  total.stored += more.stored
  total.duplicates += more.duplicates
  total.quarantined += more.quarantined
  total.lost += more.lost
}

function isQuarantined(item: WriterItem): item is QuarantinedFrame {
  return 'reason' in item
}

function isBackfillMark(item: WriterItem): item is BackfillMark {
  return 'kind' in item
}

/** One batch in received order, with the cursor its workspace frames reach. */
export function toBatch(items: readonly WriterItem[]): RecordBatch {
  const events: RecordedEvent[] = []
  const quarantined: QuarantinedFrame[] = []
  const backfills: BackfillMark[] = []
  const workspaceIds: (string | null)[] = []
  for (const item of items) {
    if (isBackfillMark(item)) {
      backfills.push(item)
      continue
    }
    if (isQuarantined(item)) quarantined.push(item)
    else events.push(item)
    if (item.source === 'workspace') workspaceIds.push(item.sseId)
  }
  const batch: RecordBatch = { events, quarantined, cursor: maxSseId(workspaceIds) }
  return backfills.length === 0 ? batch : { ...batch, backfills }
}

/**
 * Collects received frames and commits them once per short tick, one transaction per batch, so
 * the network loop only ever pays for an array push. Async-shaped although the store is
 * synchronous today: callers will not change when the store moves into a worker thread.
 */
export class BatchedWriter {
  readonly #sink: BatchSink
  readonly #tickMs: number
  readonly #maxBatchSize: number
  readonly #onCommitted: (report: CommittedReport) => void
  readonly #onError: (error: unknown) => void
  #queue: WriterItem[] = []
  #timer: NodeJS.Timeout | null = null
  #immediate: NodeJS.Immediate | null = null
  /** Flushes run one after another, in order, even if the sink becomes truly asynchronous. */
  #chain: Promise<unknown> = Promise.resolve()
  #retryDelayMs = 0
  #closed = false
  #cursor: string | null = null
  readonly #totals = emptyResult()

  constructor(sink: BatchSink, options: BatchedWriterOptions = {}) {
    this.#sink = sink
    this.#tickMs = options.tickMs ?? DEFAULT_TICK_MS
    this.#maxBatchSize = options.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE
    if (!(this.#tickMs >= 0) || !(this.#maxBatchSize >= 1)) {
      throw new RangeError('tickMs must be >= 0 and maxBatchSize >= 1')
    }
    this.#onCommitted = options.onCommitted ?? (() => undefined)
    this.#onError = options.onError ?? (() => undefined)
  }

  /** Frames waiting for a commit. */
  get pending(): number {
    return this.#queue.length
  }

  /** Everything committed so far (a copy). */
  get totals(): AppendResult {
    return { ...this.#totals }
  }

  enqueue(item: WriterItem): void {
    if (this.#closed) throw new Error('the batched writer is closed')
    this.#queue.push(item)
    if (this.#queue.length >= this.#maxBatchSize) this.#commitSoon()
    else this.#commitAfter(this.#tickMs)
  }

  /** Commits everything queued now; resolves with what those commits did. */
  flush(): Promise<AppendResult> {
    const run = this.#chain.then(() => this.#drain())
    this.#chain = run.catch(() => undefined)
    return run
  }

  /** Refuses new frames and commits everything queued. Calling it again retries a failed flush. */
  async close(): Promise<void> {
    this.#closed = true
    await this.flush()
    this.#cancelTimers()
  }

  #commitAfter(delayMs: number): void {
    if (this.#timer !== null || this.#immediate !== null) return
    this.#timer = setTimeout(() => {
      this.#timer = null
      this.#commitInBackground()
    }, delayMs)
  }

  #commitSoon(): void {
    if (this.#immediate !== null) return
    // Not synchronously inside enqueue: the frame handler that filled the batch returns first.
    this.#immediate = setImmediate(() => {
      this.#immediate = null
      this.#commitInBackground()
    })
  }

  #commitInBackground(): void {
    this.flush().catch((error: unknown) => {
      this.#onError(error)
    })
  }

  #cancelTimers(): void {
    if (this.#timer !== null) clearTimeout(this.#timer)
    if (this.#immediate !== null) clearImmediate(this.#immediate)
    this.#timer = null
    this.#immediate = null
  }

  /**
   * Commits what is queued now, in slices of `maxBatchSize`, yielding to the event loop between
   * slices so that a backlog (a replay after a reconnect) does not stall the network loop. Frames
   * arriving meanwhile are left to the next tick, so a flush always ends.
   */
  async #drain(): Promise<AppendResult> {
    this.#cancelTimers()
    const result = emptyResult()
    let remaining = this.#queue.length
    while (remaining > 0) {
      const items = this.#queue.splice(0, Math.min(this.#maxBatchSize, remaining))
      remaining -= items.length
      const batch = toBatch(items)
      const started = performance.now()
      let committed: AppendResult
      try {
        committed = await this.#sink.append(batch)
      } catch (error) {
        // Nothing of the batch was committed (one transaction): put it back, in order, and retry.
        this.#queue = items.concat(this.#queue)
        this.#retryDelayMs = Math.min(
          MAX_RETRY_DELAY_MS,
          Math.max(this.#tickMs, this.#retryDelayMs * 2, 1),
        )
        if (!this.#closed) this.#commitAfter(this.#retryDelayMs)
        throw error
      }
      this.#retryDelayMs = 0
      this.#cursor = maxSseId([this.#cursor, batch.cursor])
      addTo(this.#totals, committed)
      addTo(result, committed)
      this.#report({
        batch: committed,
        totals: { ...this.#totals },
        cursor: this.#cursor,
        items: items.length,
        durationMs: performance.now() - started,
      })
      if (remaining > 0) await new Promise((resolve) => setImmediate(resolve))
    }
    return result
  }

  #report(report: CommittedReport): void {
    try {
      this.#onCommitted(report)
    } catch (error) {
      // The batch is committed: a failing listener must not make it look failed (and be retried).
      this.#onError(error)
    }
  }
}
