import { isUtf8 } from 'node:buffer'
import { createHash, type Hash } from 'node:crypto'
import { QUARANTINE_HEAD_BYTES } from '../events'

/**
 * A Server-Sent Events decoder (the WHATWG "event stream" interpretation) that bounds memory by
 * the frame limit instead of by what arrives. No SSE library caps a frame while reading it: each
 * buffers an unterminated line whole, so one 600 MB line costs several times that much memory.
 * Here a frame past `maxFrameBytes` is discarded as it streams by (its payload counted, hashed,
 * its first KiB kept) and reported once it ends; comment lines (heartbeats) are never buffered.
 *
 * Bytes are split at CR, LF or CRLF, across chunk boundaries. It works on the chunk's bytes by
 * index and makes a string only of what a frame keeps (its data, event and id), so the common
 * frame, whole within one chunk, costs a few native calls. UTF-8 is checked once per chunk; only
 * in a chunk that is not valid are a frame's lines checked one by one, to tell which is damaged.
 */

/** One frame of the stream, in the order the frames ended. */
export type SseFrame =
  | {
      kind: 'message'
      /** The last event ID buffer at dispatch (an `id:` of an earlier frame, per the standard). */
      id: string | null
      /** The `event:` field, or null when the frame has none. */
      event: string | null
      data: string
      /**
       * The frame's `data` is not valid UTF-8 (`data` is then decoded with U+FFFD), or its `id:`
       * line was unusable (a NUL, not UTF-8, too long), so that the standard would ignore it.
       */
      damage: 'invalid_utf8' | 'invalid_id' | null
    }
  | {
      kind: 'oversized'
      id: string | null
      event: string | null
      /** The length of its payload (its data lines, LF-joined), in bytes. */
      byteLength: number
      /** The payload's first `QUARANTINE_HEAD_BYTES`, decoded with U+FFFD where a character was cut. */
      head: string
      /** SHA-256 of the whole payload, hex. */
      sha256: string
    }

export interface SseDecoderListener {
  onFrame(frame: SseFrame): void
  /** A `retry:` field (milliseconds, as sent: the caller clamps it). */
  onRetry(ms: number): void
}

const LF = 0x0a
const CR = 0x0d
const COLON = 0x3a
const SPACE = 0x20
const NO_CR = Number.MAX_SAFE_INTEGER
/** An id longer than this is not one the platform sends (ids are millisecond timestamps). */
const MAX_ID_BYTES = 256
const NEWLINE = Buffer.from('\n')
/** Bytes enough to tell a line's field (`retry:`) before deciding to discard it. */
const FIELD_PREFIX_BYTES = 6

type Field = 'data' | 'event' | 'id' | 'retry' | 'other' | 'comment'

/** The payload of a frame past the limit: only what identifies it is kept. */
class OversizedPayload {
  byteLength = 0
  readonly #hash: Hash = createHash('sha256')
  readonly #head: Buffer[] = []
  #headBytes = 0
  #lines = 0

  /** Starts the next data line (a LF joins it to the one before). */
  line(): void {
    if (this.#lines++ > 0) this.add(NEWLINE)
  }

  add(bytes: Uint8Array): void {
    if (bytes.byteLength === 0) return
    this.byteLength += bytes.byteLength
    this.#hash.update(bytes)
    if (this.#headBytes < QUARANTINE_HEAD_BYTES) {
      const take = bytes.subarray(0, QUARANTINE_HEAD_BYTES - this.#headBytes)
      this.#head.push(Buffer.from(take))
      this.#headBytes += take.byteLength
    }
  }

  head(): string {
    return Buffer.concat(this.#head).toString('utf8')
  }

  digest(): string {
    return this.#hash.digest('hex')
  }
}

/** Where a line's value starts: after the colon and one optional space. */
function valueStart(line: Buffer, start: number, end: number): number {
  const colon = line.indexOf(COLON, start)
  if (colon === -1 || colon >= end) return end
  return line[colon + 1] === SPACE && colon + 1 < end ? colon + 2 : colon + 1
}

/**
 * The field a line names, read from its first bytes without making a string. (No closures here:
 * this runs for every line, and a dev build's name-keeping wraps each one it creates.)
 */
function fieldOf(line: Buffer, start: number, end: number): Field {
  const length = end - start
  if (length === 0) return 'other'
  const first = line[start]
  if (first === COLON) return 'comment'
  if (first === 0x64) {
    const isData =
      length >= 4 &&
      line[start + 1] === 0x61 &&
      line[start + 2] === 0x74 &&
      line[start + 3] === 0x61
    return isData && (length === 4 || line[start + 4] === COLON) ? 'data' : 'other'
  }
  if (first === 0x69) {
    const isId = length >= 2 && line[start + 1] === 0x64
    return isId && (length === 2 || line[start + 2] === COLON) ? 'id' : 'other'
  }
  if (
    (first === 0x65 || first === 0x72) &&
    length >= 5 &&
    (length === 5 || line[start + 5] === COLON)
  ) {
    const name = line.toString('latin1', start, start + 5)
    if (name === 'event' || name === 'retry') return name
  }
  return 'other'
}

/** Where a chunk's last, unfinished UTF-8 character begins (the chunk's length if none). */
function incompleteTail(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back] ?? 0
    if ((byte & 0xc0) === 0x80) continue // a continuation byte: look further back
    const needs = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1
    return needs > back ? bytes.length - back : bytes.length
  }
  return bytes.length
}

export class SseDecoder {
  readonly #maxFrameBytes: number
  readonly #listener: SseDecoderListener
  /** An unfinished line carried over from earlier chunks (only while within the limit). */
  #carry: Buffer[] = []
  #carryBytes = 0
  /** Whether every chunk the carried line came from was valid UTF-8. */
  #carryValid = true
  /** The line being read is skipped as it arrives: a comment, or part of a frame past the limit. */
  #skipping: Field | null = null
  /** The last chunk ended with CR: a LF starting the next one belongs to the same line break. */
  #skipLeadingLf = false
  #atStreamStart = true
  /** The unfinished UTF-8 character at the end of the last chunk, for the next chunk's check. */
  #utf8Tail: Buffer | null = null
  /** The frame being read. */
  #frameBytes = 0
  #data: string[] = []
  #dataInvalid = false
  #event: string | null = null
  #badId = false
  /** The standard's "last event ID buffer": it outlives the frame that set it. */
  #lastEventId: string | null = null
  #oversized: OversizedPayload | null = null

  constructor(maxFrameBytes: number, listener: SseDecoderListener) {
    this.#maxFrameBytes = maxFrameBytes
    this.#listener = listener
  }

  /** Feeds the next chunk of the response body. */
  feed(chunk: Uint8Array): void {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
    const valid = this.#validUtf8(bytes)
    let start = 0
    if (this.#atStreamStart && bytes.length > 0) {
      this.#atStreamStart = false
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3
    }
    if (this.#skipLeadingLf && start < bytes.length) {
      if (bytes[start] === LF) start++
      this.#skipLeadingLf = false
    }
    // The next CR is looked up once per chunk (and again only past it), not once per line:
    // a stream with LF endings has none, and must not be rescanned for each of its lines.
    let nextCr = bytes.indexOf(CR, start)
    if (nextCr === -1) nextCr = NO_CR
    while (start < bytes.length) {
      let end = bytes.indexOf(LF, start)
      if (end === -1 || nextCr < end) end = nextCr === NO_CR ? -1 : nextCr
      if (end === -1) {
        this.#unfinished(bytes, start, valid)
        return
      }
      this.#finished(bytes, start, end, valid)
      start = end + 1
      if (end === nextCr) {
        if (start < bytes.length) {
          if (bytes[start] === LF) start++
        } else {
          this.#skipLeadingLf = true
        }
        nextCr = bytes.indexOf(CR, start)
        if (nextCr === -1) nextCr = NO_CR
      }
    }
  }

  /** Whether the chunk is valid UTF-8, a character split across chunks counted whole. */
  #validUtf8(bytes: Buffer): boolean {
    let start = 0
    let valid = true
    if (this.#utf8Tail !== null) {
      let continuations = 0
      while (continuations < 3 && ((bytes[continuations] ?? 0) & 0xc0) === 0x80) continuations++
      start = continuations
      valid = isUtf8(Buffer.concat([this.#utf8Tail, bytes.subarray(0, continuations)]))
    }
    const tail = incompleteTail(bytes)
    this.#utf8Tail = tail < bytes.length ? Buffer.from(bytes.subarray(tail)) : null
    return valid && (start >= tail || isUtf8(bytes.subarray(start, tail)))
  }

  /** A line that ends in this chunk, at `end`. */
  #finished(bytes: Buffer, start: number, end: number, valid: boolean): void {
    if (this.#skipping !== null) {
      if (this.#skipping === 'data') this.#oversized?.add(bytes.subarray(start, end))
      this.#skipping = null
      return
    }
    if (this.#carryBytes === 0) {
      this.#line(bytes, start, end, valid)
      return
    }
    this.#carry.push(bytes.subarray(start, end))
    const line = Buffer.concat(this.#carry)
    const lineValid = this.#carryValid && valid
    this.#carry = []
    this.#carryBytes = 0
    this.#carryValid = true
    this.#line(line, 0, line.length, lineValid)
  }

  /** The start of a line that goes on in the next chunk. */
  #unfinished(bytes: Buffer, start: number, valid: boolean): void {
    if (this.#skipping !== null) {
      if (this.#skipping === 'data') this.#oversized?.add(bytes.subarray(start))
      return
    }
    this.#carry.push(bytes.subarray(start))
    this.#carryBytes += bytes.length - start
    this.#carryValid &&= valid
    if (this.#carryBytes < FIELD_PREFIX_BYTES) return
    const head = this.#carry.length === 1 ? (this.#carry[0] ?? bytes) : Buffer.concat(this.#carry)
    const field = fieldOf(head, 0, head.length)
    const tooLong =
      this.#oversized !== null || this.#frameBytes + this.#carryBytes + 1 > this.#maxFrameBytes
    if (field !== 'comment' && !tooLong) return
    // Skipped as it streams by from here on: a comment, or a frame past the limit.
    if (field !== 'comment') {
      const payload = this.#overflow()
      if (field === 'data') {
        payload.line()
        payload.add(head.subarray(valueStart(head, 0, head.length)))
      }
    }
    this.#skipping = field
    this.#carry = []
    this.#carryBytes = 0
    this.#carryValid = true
  }

  /** The frame outgrew the limit: what it held so far is kept by its hash from now on. */
  #overflow(): OversizedPayload {
    if (this.#oversized !== null) return this.#oversized
    const payload = new OversizedPayload()
    for (const data of this.#data) {
      payload.line()
      payload.add(Buffer.from(data))
    }
    this.#data = []
    this.#oversized = payload
    return payload
  }

  /** One whole line: a field, or the blank line that ends a frame. */
  #line(line: Buffer, start: number, end: number, valid: boolean): void {
    if (start === end) {
      this.#dispatch()
      return
    }
    const field = fieldOf(line, start, end)
    if (field === 'comment') return
    const value = valueStart(line, start, end)
    if (this.#oversized !== null || this.#frameBytes + (end - start) + 1 > this.#maxFrameBytes) {
      const payload = this.#overflow()
      if (field === 'data') {
        payload.line()
        payload.add(line.subarray(value, end))
      }
      return
    }
    this.#frameBytes += end - start + 1
    switch (field) {
      case 'data':
        this.#data.push(line.toString('utf8', value, end))
        if (!valid && !isUtf8(line.subarray(value, end))) this.#dataInvalid = true
        return
      case 'event':
        this.#event = line.toString('utf8', value, end)
        return
      case 'id': {
        // The standard ignores an id holding NUL; the frame is then told apart as damaged, since
        // it would silently carry an earlier frame's id.
        const nul = line.indexOf(0, value)
        if (
          (nul !== -1 && nul < end) ||
          end - value > MAX_ID_BYTES ||
          (!valid && !isUtf8(line.subarray(value, end)))
        ) {
          this.#badId = true
        } else {
          this.#lastEventId = line.toString('utf8', value, end)
        }
        return
      }
      case 'retry':
        if (end > value && end - value <= 16 && digitsOnly(line, value, end)) {
          this.#listener.onRetry(Number(line.toString('latin1', value, end)))
        }
        return
      default:
        return
    }
  }

  #dispatch(): void {
    const event = this.#event
    const oversized = this.#oversized
    const data = this.#data
    const damage = this.#badId ? 'invalid_id' : this.#dataInvalid ? 'invalid_utf8' : null
    this.#frameBytes = 0
    this.#data = []
    this.#dataInvalid = false
    this.#event = null
    this.#badId = false
    this.#oversized = null
    if (oversized) {
      this.#listener.onFrame({
        kind: 'oversized',
        id: this.#lastEventId,
        event,
        byteLength: oversized.byteLength,
        head: oversized.head(),
        sha256: oversized.digest(),
      })
      return
    }
    // The standard dispatches nothing for a frame without data (an `id:`-only frame, say).
    if (data.length === 0) return
    this.#listener.onFrame({
      kind: 'message',
      id: this.#lastEventId,
      event,
      data: data.length === 1 ? (data[0] ?? '') : data.join('\n'),
      damage,
    })
  }
}

function digitsOnly(line: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const byte = line[i] ?? 0
    if (byte < 0x30 || byte > 0x39) return false
  }
  return true
}
