/** Formatting for the live views. Pure: no clock, no locale state beyond what is passed in. */

function pad2(value: number): string {
  return value < 10 ? `0${String(value)}` : String(value)
}

/** A call's running time: `0:07`, `12:34`, `1:02:03`. Negative (clock skew) reads as zero. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000))
  const hours = Math.floor(total / 3600)
  const minutes = Math.floor((total % 3600) / 60)
  const seconds = total % 60
  return hours > 0
    ? `${String(hours)}:${pad2(minutes)}:${pad2(seconds)}`
    : `${String(minutes)}:${pad2(seconds)}`
}

/** An ISO 8601 duration for `<time datetime>`: `PT83S`. */
export function isoDuration(ms: number): string {
  return `PT${String(Math.max(0, Math.floor(ms / 1000)))}S`
}

/** Local wall-clock time of an instant, `HH:MM:SS` (24 h). Cheap: called per feed row. */
export function formatClockTime(epochMs: number): string {
  const date = new Date(epochMs)
  return `${pad2(date.getHours())}:${pad2(date.getMinutes())}:${pad2(date.getSeconds())}`
}

/** How long ago something happened, from the elapsed milliseconds: `just now`, `2 min ago`. */
export function formatRelative(elapsedMs: number): string {
  const seconds = Math.floor(Math.max(0, elapsedMs) / 1000)
  if (seconds < 5) return 'just now'
  if (seconds < 60) return `${String(seconds)} s ago`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${String(minutes)} min ago`
  const hours = Math.floor(minutes / 60)
  if (hours < 24) return `${String(hours)} h ago`
  return `${String(Math.floor(hours / 24))} d ago`
}

/** The full local date and time of an instant, for a tooltip. */
export function formatAbsolute(epochMs: number): string {
  return new Date(epochMs).toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  })
}

/** A machine word for display: `collecting_symptoms` → `collecting symptoms`. */
export function humanize(value: string): string {
  return value.replace(/[_-]+/g, ' ').trim()
}

/** One formatter for every count: `toLocaleString` builds a new one on each call, which adds up. */
const counts = new Intl.NumberFormat('en-US')

/** A count with thousands separators, the same whatever the locale: `10,000`. */
export function formatCount(value: number): string {
  return counts.format(value)
}

/** Who escalated a call, as the end of "escalated …": `by the AI agent`. */
export function escalatedBy(trigger: string): string {
  switch (trigger) {
    case 'caller':
      return 'by the caller'
    case 'ai':
      return 'by the AI agent'
    case 'operator':
      return 'by an operator'
    default:
      return `by ${humanize(trigger)}`
  }
}
