import type { Text, TextPart } from '../../api/live'
import { isSensitiveField, type EventStream } from '../events'

/** One piece of a line: a part, parts, or nothing (an absent optional field). */
export type Piece = TextPart | readonly TextPart[] | null | undefined | false

/** Builds display text, dropping empty pieces so that optional fields read naturally. */
export function line(...pieces: Piece[]): Text {
  const text: Text = []
  for (const piece of pieces) {
    if (piece === null || piece === undefined || piece === false || piece === '') continue
    if (typeof piece === 'string' || 'phi' in piece) text.push(piece)
    else for (const part of piece) if (part !== '') text.push(part)
  }
  return text
}

/** The non-empty texts, separated by commas. */
export function joined(...texts: Text[]): Text {
  return texts
    .filter((text) => text.length > 0)
    .flatMap((text, i) => (i > 0 ? [', ', ...text] : text))
}

/** Keys of an event whose values are text, so that they can be shown as a part. */
export type TextKeys<E> = {
  [K in keyof E]-?: E[K] extends string | null | undefined ? K : never
}[keyof E] &
  string

/**
 * Display text for one field of an event, masked when the PHI registry says the field is
 * sensitive (`x-phi`, or clinical text such as an escalation's reason): a field newly marked in
 * the catalog is masked here without touching this module. Empty when absent or empty.
 */
export function fieldText<E extends object>(
  stream: EventStream,
  type: string,
  event: E,
  field: TextKeys<E>,
): Text {
  const value: unknown = event[field]
  if (typeof value !== 'string' || value === '') return []
  return isSensitiveField(stream, type, field) ? [{ phi: value, field }] : [value]
}

/** Whole seconds as a short duration: "42 s", "5 min 12 s", "1 h 3 min". */
export function formatSeconds(seconds: number): string {
  const total = Math.max(0, Math.round(seconds))
  if (total < 60) return `${total} s`
  const minutes = Math.floor(total / 60)
  if (minutes < 60) return total % 60 === 0 ? `${minutes} min` : `${minutes} min ${total % 60} s`
  const hours = Math.floor(minutes / 60)
  return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`
}

/** Milliseconds as a short duration: "420 ms", "4.2 s", then as `formatSeconds`. */
export function formatMillis(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  return formatSeconds(ms / 1000)
}

/** "1 field", "3 fields". */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}

/** An enum value in words: underscores become spaces ("no_answer" → "no answer"). */
export function words(value: string): string {
  return value.replaceAll('_', ' ')
}
