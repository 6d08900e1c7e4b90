import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { clinicalText, phi } from './fields'
import {
  MAX_REDACT_DEPTH,
  REDACTED,
  redactByName,
  redactLike,
  redactSensitive,
} from './redact-sensitive'

// A REST-like reply built the way the REST layer builds its schemas: marks at several depths,
// wrappers, an open enum (a union), a list read item by item (a transform), an opaque object.

const toolCall = z.object({
  tool_name: z.string(),
  error_message: clinicalText(z.string().nullish()),
  input: phi(z.record(z.string(), z.unknown()).nullish()),
})

const lenientTools = redactLike(
  z
    .array(z.unknown())
    .transform((items) => items.filter((item) => toolCall.safeParse(item).success)),
  z.array(toolCall),
)

const turn = z.object({
  state: z.string().default(''),
  speaker_role: z.union([z.enum(['caller', 'agent']), z.string()]),
  user_transcript: phi(z.string()).nullish(),
  tool_calls: lenientTools.default([]),
})

const detail = z.object({
  id: z.string(),
  caller_id: phi(z.string().nullish()),
  turns: z.array(turn).default([]),
  escalation: z
    .object({ concept: clinicalText(z.string().nullish()), status: z.string() })
    .nullish(),
  audit: z.record(z.string(), z.unknown()).nullish(),
})

describe('redactSensitive', () => {
  it('redacts every marked field at every depth, and keeps everything else', () => {
    const reply = {
      id: 'c1',
      caller_id: '+15555550142',
      turns: [
        {
          state: 'triage',
          speaker_role: 'caller',
          user_transcript: 'My chest hurts when I climb stairs',
          tool_calls: [
            {
              tool_name: 'lookup',
              error_message: 'no patient Jordan Rivera',
              input: { dob: '1980' },
            },
            { tool_name: 'book', error_message: null, input: null },
          ],
        },
      ],
      escalation: { concept: 'chest pain', status: 'requested' },
      audit: { reviewer: 'x', transcript: 'quoted again' },
    }
    expect(redactSensitive(detail, reply)).toEqual({
      id: 'c1',
      caller_id: REDACTED,
      turns: [
        {
          state: 'triage',
          speaker_role: 'caller',
          user_transcript: REDACTED,
          tool_calls: [
            { tool_name: 'lookup', error_message: REDACTED, input: REDACTED },
            // Absent stays absent.
            { tool_name: 'book', error_message: null, input: null },
          ],
        },
      ],
      escalation: { concept: REDACTED, status: 'requested' },
      // An object the schema leaves open is judged by names.
      audit: { reviewer: 'x', transcript: REDACTED },
    })
    // The input is copied, never changed.
    expect(reply.caller_id).toBe('+15555550142')
  })

  it('judges fields the schema does not define by their names', () => {
    const reply = { id: 'c1', phone_number: '+15555550100', note: 'ok', extra: { reason: 'x' } }
    expect(redactSensitive(detail, reply)).toEqual({
      id: 'c1',
      phone_number: REDACTED,
      note: 'ok',
      extra: { reason: REDACTED },
    })
  })

  it('redacts a marked value whole, whatever its shape, and reads a value of another shape by names', () => {
    expect(redactSensitive(phi(z.array(z.string())), ['a', 'b'])).toBe(REDACTED)
    expect(redactSensitive(detail, [{ caller_id: '+1555' }, 'x'])).toEqual([
      { caller_id: REDACTED },
      'x',
    ])
    expect(redactSensitive(detail, null)).toBeNull()
    expect(redactSensitive(z.string(), 'plain')).toBe('plain')
    const pair = z.tuple([z.string()], clinicalText(z.string()))
    expect(redactSensitive(pair, ['kept', 'note', 'note'])).toEqual(['kept', REDACTED, REDACTED])
  })
})

describe('redactByName', () => {
  it('redacts sensitive names at any depth, in objects and arrays', () => {
    const payload = {
      summary: 'ok',
      caller_id: '+15555550100',
      data: { transcript: 'I feel dizzy', items: [{ reason: 'near-fall' }, { score: 3 }] },
    }
    expect(redactByName(payload)).toEqual({
      summary: 'ok',
      caller_id: REDACTED,
      data: { transcript: REDACTED, items: [{ reason: REDACTED }, { score: 3 }] },
    })
  })

  it('survives hostile nesting: no stack overflow, and what is too deep is redacted unread', () => {
    let deep: Record<string, unknown> = { secret: 'Jordan Rivera' }
    for (let i = 0; i < 100_000; i++) deep = { next: deep }
    const out = JSON.stringify(redactByName(deep))
    expect(out).not.toContain('Jordan')
    expect(out).toContain(REDACTED)
    expect(out.split('next').length - 1).toBe(MAX_REDACT_DEPTH)
  })

  it('keeps a "__proto__" key as data', () => {
    const payload = JSON.parse('{"__proto__": {"transcript": "x", "ok": 1}}') as Record<
      string,
      unknown
    >
    expect(JSON.stringify(redactByName(payload))).toBe(
      `{"__proto__":{"transcript":"${REDACTED}","ok":1}}`,
    )
  })
})
