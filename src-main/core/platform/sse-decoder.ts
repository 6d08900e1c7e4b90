import { createHash, type Hash } from 'node:crypto'
import { isUtf8 } from 'node:buffer'
import { QUARANTINE_HEAD_BYTES } from '../events'

/**
 * A Server-Sent Events decoder (the WHATWG "event stream" interpretation) that bounds memory by
 * the frame limit instead of by what arrives. No SSE library caps a frame while reading it: each
 * buffers an unterminated line whole, so one 600 MB line costs several times that much memory.
 * Here a frame past `maxFrameBytes` is discarded as it streams by (counted, hashed, its first KiB
 * kept) and reported once it ends; comment lines (heartbeats) are never buffered at all. Bytes are
 * split at CR, LF or CRLF, across chunk boundaries; a frame's UTF-8 is checked once, whole.
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
      /** The frame's bytes (its lines, LF-terminated, comments left out). */
      byteLength: number
      /** Its first `QUARANTINE_HEAD_BYTES`, decoded with U+FFFD where a character was cut. */
      head: string
      /** SHA-256 of all of its bytes, hex. */
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
const EMPTY = Buffer.alloc(0)
const NEWLINE = Buffer.from('\n')

/** A frame past the limit: only what identifies it is kept. */
class OversizedFrame {
  byteLength = 0
  readonly #hash: Hash = createHash('sha256')
  readonly #head: Buffer[] = []
  #headBytes = 0

  add(bytes: Uint8Array): void {
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

export class SseDecoder {
  readonly #maxFrameBytes: number
  readonly #listener: SseDecoderListener
  /** The current line's bytes so far (slices of chunks: no copy until the line ends). */
  #line: Uint8Array[] = []
  #lineBytes = 0
  /** The line being read is a comment: skipped as it arrives, never buffered. */
  #inComment = false
  /** The last chunk ended with CR: a LF starting the next one belongs to the same line break. */
  #skipLeadingLf = false
  #atStreamStart = true
  /** The frame being read: its raw lines (for an oversize report), its fields. */
  #frameLines: Uint8Array[] = []
  #frameBytes = 0
  #data: Uint8Array[] = []
  #event: string | null = null
  #badId = false
  /** The standard's "last event ID buffer": it outlives the frame that set it. */
  #lastEventId: string | null = null
  #oversized: OversizedFrame | null = null

  constructor(maxFrameBytes: number, listener: SseDecoderListener) {
    this.#maxFrameBytes = maxFrameBytes
    this.#listener = listener
  }

  /** Feeds the next chunk of the response body. */
  feed(chunk: Uint8Array): void {
    let start = 0
    if (this.#atStreamStart) start = this.#skipByteOrderMark(chunk)
    if (this.#skipLeadingLf && start < chunk.length) {
      if (chunk[start] === LF) start++
      this.#skipLeadingLf = false
    }
    // The next CR is looked up once per chunk (and again only past it), not once per line:
    // a stream with LF endings has none, and must not be rescanned for each of its lines.
    let nextCr = chunk.indexOf(CR, start)
    if (nextCr === -1) nextCr = NO_CR
    while (start < chunk.length) {
      let end = chunk.indexOf(LF, start)
      if (end === -1 || nextCr < end) end = nextCr === NO_CR ? -1 : nextCr
      if (end === -1) {
        this.#take(chunk.subarray(start))
        return
      }
      this.#take(chunk.subarray(start, end))
      this.#endLine()
      start = end + 1
      if (end === nextCr) {
        if (start < chunk.length) {
          if (chunk[start] === LF) start++
        } else {
          this.#skipLeadingLf = true
        }
        nextCr = chunk.indexOf(CR, start)
        if (nextCr === -1) nextCr = NO_CR
      }
    }
  }

  #skipByteOrderMark(chunk: Uint8Array): number {
    if (chunk.length === 0) return 0
    this.#atStreamStart = false
    return chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf ? 3 : 0
  }

  /** Part of the current line. */
  #take(bytes: Uint8Array): void {
    if (bytes.length === 0) return
    if (this.#lineBytes === 0 && !this.#inComment && bytes[0] === COLON) this.#inComment = true
    if (this.#inComment) return
    if (this.#oversized) {
      this.#oversized.add(bytes)
      this.#lineBytes += bytes.length
      return
    }
    this.#line.push(bytes)
    this.#lineBytes += bytes.length
    if (this.#frameBytes + this.#lineBytes + 1 > this.#maxFrameBytes) this.#overflow()
  }

  /** The frame outgrew the limit: what it held so far is reported by its hash from now on. */
  #overflow(): void {
    const oversized = new OversizedFrame()
    for (const line of this.#frameLines) {
      oversized.add(line)
      oversized.add(NEWLINE)
    }
    for (const part of this.#line) oversized.add(part)
    this.#oversized = oversized
    this.#frameLines = []
    this.#line = []
    this.#data = []
  }

  #endLine(): void {
    const wasComment = this.#inComment
    this.#inComment = false
    if (wasComment) return
    if (this.#lineBytes === 0) {
      this.#dispatch()
      return
    }
    if (this.#oversized) {
      this.#oversized.add(NEWLINE)
      this.#lineBytes = 0
      return
    }
    const line = this.#line.length === 1 ? (this.#line[0] ?? EMPTY) : Buffer.concat(this.#line)
    this.#line = []
    this.#frameBytes += this.#lineBytes + 1
    this.#lineBytes = 0
    this.#frameLines.push(line)
    this.#field(line)
  }

  /** Applies one `field: value` line (the standard strips one space after the colon). */
  #field(line: Uint8Array): void {
    const colon = line.indexOf(COLON)
    const nameEnd = colon === -1 ? line.length : colon
    let valueStart = colon === -1 ? line.length : colon + 1
    if (line[valueStart] === SPACE) valueStart++
    const value = line.subarray(valueStart)
    switch (fieldName(line, nameEnd)) {
      case 'data':
        this.#data.push(value)
        return
      case 'event':
        this.#event = view(value).toString('utf8')
        return
      case 'id':
        // The standard ignores an id holding NUL; the frame is then told apart as damaged, since
        // it would silently carry an earlier frame's id.
        if (value.includes(0) || value.length > MAX_ID_BYTES || !isUtf8(value)) this.#badId = true
        else this.#lastEventId = view(value).toString('utf8')
        return
      case 'retry':
        if (value.length > 0 && value.length <= 16 && value.every(isAsciiDigit)) {
          this.#listener.onRetry(Number(view(value).toString('latin1')))
        }
        return
      default:
        return
    }
  }

  #dispatch(): void {
    const oversized = this.#oversized
    const event = this.#event
    const data = this.#data
    const badId = this.#badId
    this.#resetFrame()
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
    const bytes = data.length === 1 ? (data[0] ?? EMPTY) : joinLines(data)
    const valid = isUtf8(bytes)
    this.#listener.onFrame({
      kind: 'message',
      id: this.#lastEventId,
      event,
      data: view(bytes).toString('utf8'),
      damage: badId ? 'invalid_id' : valid ? null : 'invalid_utf8',
    })
  }

  #resetFrame(): void {
    this.#frameLines = []
    this.#frameBytes = 0
    this.#data = []
    this.#event = null
    this.#badId = false
    this.#oversized = null
  }
}

/** A Buffer over the same memory (no copy), for its decoding methods. */
function view(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

function isAsciiDigit(byte: number): boolean {
  return byte >= 0x30 && byte <= 0x39
}

/** The field name, for the four the standard knows; anything else is ignored. */
function fieldName(line: Uint8Array, end: number): 'data' | 'event' | 'id' | 'retry' | null {
  if (end === 4 && line[0] === 0x64 && line[1] === 0x61 && line[2] === 0x74 && line[3] === 0x61)
    return 'data'
  if (end === 2 && line[0] === 0x69 && line[1] === 0x64) return 'id'
  if (end === 5) {
    const name = view(line.subarray(0, 5)).toString('latin1')
    if (name === 'event' || name === 'retry') return name
  }
  return null
}

/** The standard joins a frame's data lines with LF. */
function joinLines(lines: readonly Uint8Array[]): Buffer {
  const parts: Uint8Array[] = []
  for (const [i, line] of lines.entries()) {
    if (i > 0) parts.push(NEWLINE)
    parts.push(line)
  }
  return Buffer.concat(parts)
}
