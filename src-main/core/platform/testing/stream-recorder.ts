import { higherEventId } from '../last-event-id'
import { WorkspaceStream, type WorkspaceStreamOptions } from '../workspace-stream'
import type { WorkspaceStreamFrame, WorkspaceStreamStatus } from '../workspace-stream-status'
import { acceleratedClock } from './accelerated-clock'
import { countingFetch, type SeenRequest } from './counting-fetch'

/** A workspace stream wired to a store stand-in, recording everything it reports. */
export interface RecordedStream {
  stream: WorkspaceStream
  /** Every frame delivered, in order, duplicates from replays included. */
  frames: WorkspaceStreamFrame[]
  /** What a de-duplicating store keeps: identical frames once, in arrival order. */
  stored: WorkspaceStreamFrame[]
  statuses: WorkspaceStreamStatus[]
  requests: SeenRequest[]
}

export type RecordOptions = Pick<WorkspaceStreamOptions, 'baseUrl' | 'workspaceId' | 'apiKey'> &
  Partial<Pick<WorkspaceStreamOptions, 'watchdogMs' | 'random' | 'clock' | 'cursor'>> & {
    /** Frames already "stored" (a restart). */
    stored?: WorkspaceStreamFrame[]
  }

/**
 * By default time runs 100 times faster (3 s backoff = 30 ms) and the watchdog is ten simulated
 * minutes, so that a test's synchronous `advance()` bursts never look like silence.
 */
export function recordStream(options: RecordOptions): RecordedStream {
  const { fetch, requests } = countingFetch()
  const stored = options.stored ?? []
  const keys = new Set(stored.map(frameKey))
  const recorded: RecordedStream = {
    stream: new WorkspaceStream({
      clock: acceleratedClock(0.01),
      watchdogMs: 600_000,
      cursor: () => stored.reduce<string | null>((high, f) => higherEventId(high, f.raw.id), null),
      ...options,
      fetch,
      onFrame: (frame) => {
        recorded.frames.push(frame)
        const key = frameKey(frame)
        if (keys.has(key)) return
        keys.add(key)
        stored.push(frame)
      },
      onStatus: (status) => recorded.statuses.push(status),
    }),
    frames: [],
    stored,
    statuses: [],
    requests,
  }
  return recorded
}

function frameKey(frame: WorkspaceStreamFrame): string {
  return JSON.stringify(frame.raw)
}
