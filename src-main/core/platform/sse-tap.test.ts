import { describe, expect, it } from 'vitest'
import { RetryFieldScanner, tapSseBody } from './sse-tap'

function scan(chunks: (string | Uint8Array)[]): number[] {
  const seen: number[] = []
  const scanner = new RetryFieldScanner((ms) => seen.push(ms))
  for (const chunk of chunks) {
    scanner.feed(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk)
  }
  return seen
}

describe('RetryFieldScanner', () => {
  it('finds retry fields with LF, CRLF and CR line endings', () => {
    expect(scan(['retry: 3000\n\n'])).toEqual([3000])
    expect(scan(['retry: 3000\r\n\r\n'])).toEqual([3000])
    expect(scan(['retry: 3000\r\rid: 1\r'])).toEqual([3000])
    expect(scan(['retry:1500\n'])).toEqual([1500])
  })

  it('finds a retry field split at every byte', () => {
    const text = 'data: {"a":"é"}\n\nretry: 4200\r\n\r\n'
    const bytes = new TextEncoder().encode(text)
    expect(scan(Array.from(bytes, (byte) => new Uint8Array([byte])))).toEqual([4200])
  })

  it('ignores what is not a retry field', () => {
    expect(scan(['data: retry: 5\n', 'retry: 12x\n', 'retry: -1\n', ': retry: 9\n'])).toEqual([])
    expect(scan(['retry: 10\n', 'data: ' + 'x'.repeat(5000) + '\n', 'retry: 20\n'])).toEqual([
      10, 20,
    ])
    expect(scan(['retry: 123456789012345678901234567890123\n'])).toEqual([])
  })
})

describe('tapSseBody', () => {
  it('counts every byte read and passes the chunks through unchanged', async () => {
    const encoder = new TextEncoder()
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(': heartbeat\n\n'))
        controller.enqueue(encoder.encode('retry: 2500\n\n'))
        controller.close()
      },
    })
    let bytes = 0
    const retries: number[] = []
    const reader = tapSseBody(body, {
      onBytes: (count) => (bytes += count),
      onRetry: (ms) => retries.push(ms),
    }).getReader()
    const decoder = new TextDecoder()
    let text = ''
    for (;;) {
      const result = await reader.read()
      if (result.done) break
      text += decoder.decode(result.value as Uint8Array)
    }
    expect(text).toBe(': heartbeat\n\nretry: 2500\n\n')
    expect(bytes).toBe(text.length)
    expect(retries).toEqual([2500])
  })
})
