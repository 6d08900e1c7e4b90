import {
  ObserverSocket,
  type ObserverFrame,
  type ObserverSocketOptions,
  type ObserverStatus,
} from '../observer-socket'
import { acceleratedClock } from './accelerated-clock'

export interface RecordedObserver {
  socket: ObserverSocket
  frames: ObserverFrame[]
  statuses: ObserverStatus[]
  gaps: string[]
}

/** An observer socket recording what it reports; time runs 100 times faster by default. */
export function recordObserver(
  options: Omit<ObserverSocketOptions, 'onFrame' | 'onStatus' | 'onGap'>,
): RecordedObserver {
  const recorded: RecordedObserver = {
    socket: new ObserverSocket({
      clock: acceleratedClock(0.01),
      ...options,
      onFrame: (frame) => recorded.frames.push(frame),
      onStatus: (status) => recorded.statuses.push(status),
      onGap: (callSid) => recorded.gaps.push(callSid),
    }),
    frames: [],
    statuses: [],
    gaps: [],
  }
  return recorded
}

/** The type of each frame, as received. */
export function frameTypes(frames: readonly ObserverFrame[]): string[] {
  return frames.map((frame) =>
    frame.result.kind === 'event'
      ? frame.result.event.type
      : frame.result.kind === 'unknown'
        ? frame.result.type
        : 'malformed',
  )
}
