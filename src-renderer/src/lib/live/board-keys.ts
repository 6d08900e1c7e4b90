import type { ConnectionStatus } from '../../../../src-main/api'

/**
 * Where an arrow key moves on the calls board, a grid of `columns` cards in reading order: left
 * and right by one, up and down by a row, Home and End to the ends. Null: not a board key, or
 * nowhere to go.
 */
export function boardStep(
  key: string,
  from: number,
  count: number,
  columns: number,
): number | null {
  if (from < 0 || count === 0) return null
  const row = Math.max(1, columns)
  let to: number
  switch (key) {
    case 'ArrowLeft':
      to = from - 1
      break
    case 'ArrowRight':
      to = from + 1
      break
    case 'ArrowUp':
      to = from - row
      break
    case 'ArrowDown':
      to = from + row
      break
    case 'Home':
      to = 0
      break
    case 'End':
      to = count - 1
      break
    default:
      return null
  }
  if (to < 0 || to >= count) return key === 'ArrowDown' && from < count - 1 ? count - 1 : null
  return to === from ? null : to
}

/** What the board says about itself while the stream is down. */
export function notLiveNote(connection: ConnectionStatus): string | null {
  switch (connection.state) {
    case 'connected':
      return null
    case 'connecting':
    case 'reconnecting':
      return 'Not live — reconnecting.'
    case 'offline':
      return 'Not live — the platform cannot be reached.'
    case 'rejected':
      return 'Not live — the platform rejected the API key.'
    case 'idle':
      return 'Not live — not recording.'
  }
}
