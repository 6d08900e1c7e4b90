import type { WorkspaceStreamStatus } from '../core/platform'
import type { RecorderProgress, StorageStatus } from '../core/recorder/recorder'

const count = (n: number) => n.toLocaleString('en-US')

/**
 * A count and its noun, singular or plural as the count says: `1 event`, `2 events`, `0 events`,
 * with thousands separated (`1,204 sessions`). Pass the plural when it is not the noun plus "s".
 */
export function plural(n: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count(n)} ${n === 1 ? noun : pluralNoun}`
}

/** The stream's state in a few words, for a person watching the recorder. */
export function describeStreamStatus(status: WorkspaceStreamStatus, now: number): string {
  switch (status.state) {
    case 'connecting':
      return 'connecting'
    case 'connected':
      return 'connected'
    case 'reconnecting': {
      const seconds = Math.max(0, (status.retryAt - now) / 1000).toFixed(1)
      const detail = status.detail ? `, ${status.detail}` : ''
      return `reconnecting in ${seconds} s (${status.reason.replaceAll('_', ' ')}${detail})`
    }
    case 'stopped':
      return `stopped: ${status.message}`
  }
}

/** One progress line: connection, events stored and their rate, quarantine, observed calls. */
export function progressLine(
  status: string,
  progress: RecorderProgress,
  ratePerSecond: number,
): string {
  const parts = [
    status,
    `${plural(progress.stored, 'event')} stored (${count(Math.round(ratePerSecond))}/s)`,
    `${count(progress.quarantined)} quarantined`,
    `observing ${plural(progress.observing, 'call')}`,
  ]
  return parts.join(' · ')
}

/** What a failing (or recovered) database means for the recording, in one line. */
export function describeStorage(status: StorageStatus): string {
  if (status.state === 'saving')
    return 'Saving events again: everything received meanwhile is kept.'
  return (
    `Events are not being saved; ${plural(status.waiting, 'event')} waiting in memory will be ` +
    `retried: ${status.message}`
  )
}
