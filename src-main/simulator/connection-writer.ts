import type { Writable } from 'node:stream'

/**
 * Writes to one client connection in order. Normally the frames of one turn of the event loop are
 * one write; when frames are to be split (a fault knob) each piece goes out on its own turn, so
 * the client's parser really sees partial frames, cut anywhere, even inside a multi-byte character.
 */
export class ConnectionWriter {
  readonly #queue: Buffer[] = []
  #flushing = false
  #closed = false
  #destroyWhenFlushed = false
  /** Text written in this turn of the event loop, sent as one write at its end. */
  #pending = ''

  constructor(
    readonly target: Writable,
    readonly options: {
      split: () => boolean
      delayMs: () => number
      /** Returns an integer in [0, n). */
      random: (n: number) => number
      /**
       * Ends the connection without a clean end of stream, after the bytes already written: for
       * HTTP, a FIN in the middle of the chunked body.
       */
      cut: () => void
    },
  ) {
    target.once('close', () => {
      this.#closed = true
      this.#queue.length = 0
      this.#pending = ''
    })
  }

  get closed(): boolean {
    return this.#closed
  }

  write(text: string): void {
    if (this.#closed) return
    if (!this.options.split() && this.options.delayMs() === 0 && !this.#flushing) {
      // Frames written in one turn go out in one write: one buffer and one syscall for thousands
      // of frames, where a write each cost more than making the frames.
      if (this.#pending === '') process.nextTick(this.#sendPending)
      this.#pending += text
      return
    }
    this.#sendPending()
    const bytes = Buffer.from(text, 'utf8')
    this.#queue.push(...(this.options.split() ? this.#pieces(bytes) : [bytes]))
    if (!this.#flushing) this.#flush()
  }

  /** Ends the stream cleanly after everything written. */
  end(): void {
    this.#sendPending()
    this.target.end()
  }

  readonly #sendPending = (): void => {
    if (this.#pending === '') return
    const text = this.#pending
    this.#pending = ''
    if (!this.#closed) this.target.write(text)
  }

  /** Cuts the connection abruptly (no clean end) once everything already written has gone out. */
  cutAfterFlush(): void {
    this.#sendPending()
    if (this.#flushing) this.#destroyWhenFlushed = true
    else this.options.cut()
  }

  /**
   * Cuts a frame into pieces at random byte offsets. A frame with multi-byte characters always gets
   * one cut inside a character, the case a stream decoder most easily gets wrong.
   */
  #pieces(bytes: Buffer): Buffer[] {
    const cuts = new Set<number>()
    const count = this.options.random(4)
    for (let i = 0; i < count && bytes.length > 1; i++)
      cuts.add(1 + this.options.random(bytes.length - 1))
    const insideCharacter: number[] = []
    for (let i = 1; i < bytes.length; i++) {
      // A continuation byte (10xxxxxx): cutting before it splits a character.
      if (((bytes[i] ?? 0) & 0xc0) === 0x80) insideCharacter.push(i)
    }
    if (insideCharacter.length > 0) {
      cuts.add(insideCharacter[this.options.random(insideCharacter.length)] ?? 1)
    }
    let start = 0
    const pieces: Buffer[] = []
    for (const cut of [...cuts].sort((a, b) => a - b)) {
      pieces.push(bytes.subarray(start, cut))
      start = cut
    }
    pieces.push(bytes.subarray(start))
    return pieces
  }

  #flush(): void {
    const next = this.#queue.shift()
    if (next === undefined || this.#closed) {
      this.#flushing = false
      if (this.#destroyWhenFlushed) this.options.cut()
      return
    }
    this.#flushing = true
    const delay = this.options.delayMs()
    const send = () => {
      if (!this.#closed) this.target.write(next)
      this.#flush()
    }
    if (delay > 0) setTimeout(send, delay)
    else setImmediate(send)
  }
}
