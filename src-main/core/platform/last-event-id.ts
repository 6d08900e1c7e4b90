/**
 * SSE ids on the workspace stream are millisecond timestamps (spec 2.2), and control frames carry
 * `id: 0`. These helpers keep the resume cursor right.
 */

const DECIMAL = /^\d+$/
/** A positive decimal without leading zeros: ordered by length, then as text (no BigInt). */
const CANONICAL = /^[1-9]\d*$/

/** A real event id: a positive decimal number. `0` (control frames) and empty ids are not. */
export function isEventId(id: string | null): boolean {
  return id !== null && (CANONICAL.test(id) || (DECIMAL.test(id) && BigInt(id) > 0n))
}

/** `b > a` for two event ids; the common canonical case avoids BigInt (this runs per frame). */
function isGreater(b: string, a: string): boolean {
  if (CANONICAL.test(a) && CANONICAL.test(b)) {
    return b.length > a.length || (b.length === a.length && b > a)
  }
  return BigInt(b) > BigInt(a)
}

/**
 * The higher of two cursors. Ids are compared as numbers (BigInt, so any length is exact); a
 * non-numeric id, which this platform does not send, is kept as the more recent cursor only when
 * it is the only one. Never returns something lower than a real id it was given, so an `id: 0`
 * cannot lower the cursor.
 */
export function higherEventId(a: string | null, b: string | null): string | null {
  if (a !== null && isEventId(a)) {
    return b !== null && isEventId(b) && isGreater(b, a) ? b : a
  }
  if (b !== null && isEventId(b)) return b
  return a !== null && a !== '' ? a : b !== null && b !== '' ? b : null
}

/**
 * The `Last-Event-ID` to send, given the highest id already held: one less than it. Two different
 * events can share one millisecond id, and the server replays only ids strictly greater than
 * `Last-Event-ID` (spec 2.3); resuming from the highest id itself would skip the second of a pair
 * that straddled the disconnect. Resuming one millisecond earlier re-sends the frames of that
 * millisecond, which the store recognises as identical and keeps once. Null: send no header.
 */
export function resumeEventId(highest: string | null): string | null {
  if (highest === null || highest === '') return null
  if (!DECIMAL.test(highest)) return highest
  const previous = BigInt(highest) - 1n
  return previous > 0n ? previous.toString() : null
}
