import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { SseDecoder, type SseFrame } from './sse-decoder'

const encoder = new TextEncoder()

function decode(chunks: readonly (string | Uint8Array)[], maxFrameBytes = 1024 * 1024) {
  const frames: SseFrame[] = []
  const retries: number[] = []
  const decoder = new SseDecoder(maxFrameBytes, {
    onFrame: (frame) => frames.push(frame),
    onRetry: (ms) => retries.push(ms),
  })
  for (const chunk of chunks)
    decoder.feed(typeof chunk === 'string' ? encoder.encode(chunk) : chunk)
  return { frames, retries }
}

function messages(frames: readonly SseFrame[]) {
  return frames.map((frame) =>
    frame.kind === 'message'
      ? { id: frame.id, event: frame.event, data: frame.data, damage: frame.damage }
      : frame,
  )
}

const STREAM =
  [
    'retry: 3000',
    '',
    ': heartbeat 1767225600',
    '',
    'id: 1767225600001',
    'event: call.started',
    'data: {"call_sid":"CA1","direction":"inbound","service_id":"s","caller_id":"+15555550100"}',
    '',
    'id: 1767225600002',
    'event: note',
    'data: {"text":"Zoë',
    'data: Müller"}',
    '',
    'event: no.id',
    'data:no space',
    '',
  ].join('\n') + '\n'

const EXPECTED = [
  {
    id: '1767225600001',
    event: 'call.started',
    data: '{"call_sid":"CA1","direction":"inbound","service_id":"s","caller_id":"+15555550100"}',
    damage: null,
  },
  { id: '1767225600002', event: 'note', data: '{"text":"Zoë\nMüller"}', damage: null },
  // The last event ID buffer outlives its frame (the standard): an id-less frame inherits it.
  { id: '1767225600002', event: 'no.id', data: 'no space', damage: null },
]

describe('SseDecoder', () => {
  it('reads frames, multi-line data, comments and retry as the standard says', () => {
    const { frames, retries } = decode([STREAM])
    expect(messages(frames)).toEqual(EXPECTED)
    expect(retries).toEqual([3000])
  })

  it('gives the same frames with CRLF or CR line endings, and split at every byte', () => {
    for (const ending of ['\r\n', '\r']) {
      expect(messages(decode([STREAM.replaceAll('\n', ending)]).frames)).toEqual(EXPECTED)
    }
    for (const ending of ['\n', '\r\n', '\r']) {
      const bytes = encoder.encode(STREAM.replaceAll('\n', ending))
      const oneByOne = Array.from(bytes, (byte) => new Uint8Array([byte]))
      expect(messages(decode(oneByOne).frames)).toEqual(EXPECTED)
    }
  })

  it('skips a byte order mark, dispatches nothing for a frame without data, ignores unknown fields', () => {
    const { frames } = decode(['\uFEFFid: 5\n\nfoo: bar\ndata: x\n\n', 'data: unterminated'])
    expect(messages(frames)).toEqual([{ id: '5', event: null, data: 'x', damage: null }])
  })

  it('reports a frame past the limit by length, hash and head, without keeping it, and reads on', () => {
    const payload = `{"delta":"${'é'.repeat(40_000)}"}`
    const big = `data: ${payload}`
    const payloadBytes = encoder.encode(payload)
    // Sent in small pieces: the limit holds while the frame is read, not after.
    const text = `id: 7\nevent: agent.big\n${big}\n\nid: 8\nevent: ok\ndata: {"a":1}\n\n`
    const bytes = encoder.encode(text)
    const chunks: Uint8Array[] = []
    for (let i = 0; i < bytes.length; i += 997) chunks.push(bytes.subarray(i, i + 997))
    const { frames } = decode(chunks, 4096)
    expect(frames).toHaveLength(2)
    const [oversized, next] = frames
    expect(oversized).toMatchObject({
      kind: 'oversized',
      id: '7',
      event: 'agent.big',
      byteLength: payloadBytes.length,
      sha256: createHash('sha256').update(payloadBytes).digest('hex'),
    })
    expect(oversized?.kind === 'oversized' && oversized.head.startsWith('{"delta":"éé')).toBe(true)
    expect(oversized?.kind === 'oversized' && Buffer.byteLength(oversized.head) <= 1024 + 3).toBe(
      true,
    )
    expect(next).toEqual({ kind: 'message', id: '8', event: 'ok', data: '{"a":1}', damage: null })
  })

  it('never buffers a huge unterminated line or comment', () => {
    const decoder = new SseDecoder(1024, { onFrame: () => undefined, onRetry: () => undefined })
    const chunk = new Uint8Array(64 * 1024).fill(0x61)
    const before = process.memoryUsage().arrayBuffers
    decoder.feed(encoder.encode('data: '))
    for (let i = 0; i < 200; i++) decoder.feed(chunk)
    decoder.feed(encoder.encode('\n: '))
    for (let i = 0; i < 200; i++) decoder.feed(chunk)
    // 25 MB went by; what is held is the head of one frame.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(4 * 1024 * 1024)
  })

  it('marks data that is not UTF-8, and an id with a NUL, as damaged; the id stays the last good one', () => {
    const invalid = new Uint8Array([
      ...encoder.encode('id: 1\ndata: {"a":"'),
      0xc3,
      0x28,
      ...encoder.encode('"}\n\n'),
    ])
    const { frames } = decode([invalid, 'id: 2\u0000x\ndata: {"b":1}\n\n', 'data: {"c":1}\n\n'])
    expect(messages(frames)).toEqual([
      { id: '1', event: null, data: '{"a":"\uFFFD("}', damage: 'invalid_utf8' },
      { id: '1', event: null, data: '{"b":1}', damage: 'invalid_id' },
      { id: '1', event: null, data: '{"c":1}', damage: null },
    ])
  })

  it('takes retry only as ASCII digits', () => {
    const { retries } = decode([
      'retry: 12x\nretry: -1\nretry:1500\nretry: 99999999999\n: retry: 9\n\n',
    ])
    expect(retries).toEqual([1500, 99999999999])
  })
})
