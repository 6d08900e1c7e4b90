/**
 * Reads an HTTP `Retry-After` header (RFC 9110 section 10.2.3): delta-seconds, or an HTTP-date.
 * Returns the wait in milliseconds from `now`, or null when the header is absent or unreadable
 * (the caller then falls back to its ordinary backoff).
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | null {
  if (value === null || value === undefined) return null
  const text = value.trim()
  if (/^\d+$/.test(text)) return Number(text) * 1000
  // An HTTP-date names its day and month; `Date.parse` alone would read "-5" as a year.
  if (!/[A-Za-z]{3}/.test(text)) return null
  const date = Date.parse(text)
  return Number.isNaN(date) ? null : Math.max(0, date - now)
}
