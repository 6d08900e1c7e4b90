import type { ReaderLike } from 'eventsource'

/**
 * The `eventsource` package hides two things the reconnect policy needs: comment lines (the
 * server's heartbeats, which feed the idle watchdog) and the `retry:` field (the backoff floor).
 * Both are read here from the raw bytes on their way to the package's own parser.
 */
export interface SseTapListener {
  /** Every chunk of the body, heartbeats included: the connection is alive. */
  onBytes(byteCount: number): void
  /** A `retry:` field arrived with this many milliseconds. */
  onRetry(ms: number): void
  /** Reading waits for a returned promise (backpressure); undefined reads at once. */
  beforeRead?: () => Promise<void> | undefined
}

/**
 * Wraps a response body so that every chunk read passes the tap first. A reader wrapper rather
 * than a TransformStream: one function call per chunk, no extra stream or queue in the hot path.
 */
export function tapSseBody(
  body: ReadableStream<Uint8Array>,
  listener: SseTapListener,
): { getReader(): ReaderLike } {
  const scanner = new RetryFieldScanner((ms) => {
    listener.onRetry(ms)
  })
  return {
    getReader() {
      const reader = body.getReader()
      return {
        async read() {
          const gate = listener.beforeRead?.()
          if (gate) await gate
          const result = await reader.read()
          if (!result.done) {
            listener.onBytes(result.value.byteLength)
            scanner.feed(result.value)
          }
          return result
        },
        cancel: (reason?: unknown) => reader.cancel(reason),
      }
    },
  }
}

/** Longer than any `retry:` line worth reading; a longer line is something else. */
const MAX_RETRY_LINE = 32

/**
 * Finds `retry:` fields in SSE bytes split anywhere (inside a line ending, inside a multi-byte
 * character), with LF, CRLF or CR line endings. Only the start of each line is kept, so a
 * megabyte `data:` line costs no buffering here.
 */
export class RetryFieldScanner {
  readonly #decoder = new TextDecoder()
  /** The start of the current line; null once it is too long to be a `retry:` line. */
  #line: string | null = ''

  constructor(readonly onRetry: (ms: number) => void) {}

  feed(bytes: Uint8Array): void {
    const text = this.#decoder.decode(bytes, { stream: true })
    let start = 0
    let cr = text.indexOf('\r')
    let lf = text.indexOf('\n')
    while (cr !== -1 || lf !== -1) {
      const end = cr === -1 ? lf : lf === -1 ? cr : Math.min(cr, lf)
      this.#take(text, start, end)
      this.#endLine()
      start = end + 1
      // A CRLF pair reads as a line and an empty line: harmless, an empty line is no field.
      if (cr !== -1 && cr < start) cr = text.indexOf('\r', start)
      if (lf !== -1 && lf < start) lf = text.indexOf('\n', start)
    }
    this.#take(text, start, text.length)
  }

  #take(text: string, from: number, to: number): void {
    if (this.#line === null || from === to) return
    this.#line =
      this.#line.length + (to - from) > MAX_RETRY_LINE ? null : this.#line + text.slice(from, to)
  }

  #endLine(): void {
    const line = this.#line
    this.#line = ''
    if (line === null || !line.startsWith('retry:')) return
    // The SSE grammar strips one space after the colon; the value must be ASCII digits only.
    const value = line.charAt(6) === ' ' ? line.slice(7) : line.slice(6)
    if (/^\d+$/.test(value)) this.onRetry(Number(value))
  }
}
