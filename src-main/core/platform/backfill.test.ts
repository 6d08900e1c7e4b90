import { describe, expect, it } from 'vitest'
import { backfillFrames, TranscriptLedger } from './backfill'
import type { CallTurn } from './rest-schemas'

function turn(index: number, user: string | null, agent: string | null): CallTurn {
  return {
    turn_index: index,
    started_at: `2026-01-01T12:00:0${index}.000Z`,
    state: 'intake',
    speaker_role: user === null ? 'agent' : 'caller',
    user_transcript: user,
    agent_transcript: agent,
  }
}

describe('TranscriptLedger.missing', () => {
  it('returns nothing when every transcript was delivered', () => {
    const ledger = new TranscriptLedger()
    ledger.addAgent('Hello, this is the clinic.')
    ledger.addUser('I need a refill.')
    ledger.addAgent('One moment.')
    ledger.addAgent('Your refill is on its way.')
    const turns = [
      turn(0, null, 'Hello, this is the clinic.'),
      turn(1, 'I need a refill.', 'One moment. Your refill is on its way.'),
    ]
    expect(ledger.missing(turns)).toEqual([])
  })

  it('returns the caller words and agent stretches that were not delivered', () => {
    const ledger = new TranscriptLedger()
    ledger.addAgent('Hello, this is the clinic.')
    ledger.addAgent('One moment.')
    const turns = [
      turn(0, null, 'Hello, this is the clinic.'),
      turn(1, 'I need a refill.', 'One moment. Your refill is on its way.'),
      turn(2, 'Thanks.', 'Goodbye.'),
    ]
    const missing = ledger.missing(turns)
    expect(missing.map((part) => [part.turn.turn_index, part.user, part.agent])).toEqual([
      [1, 'I need a refill.', ['Your refill is on its way.']],
      [2, 'Thanks.', ['Goodbye.']],
    ])
  })

  it('counts repeated lines, tolerates whitespace differences, and does not change the ledger', () => {
    const ledger = new TranscriptLedger()
    ledger.addUser('Yes.')
    ledger.addAgent('  Got it.  ')
    const turns = [turn(1, 'Yes.', 'Got it.'), turn(2, 'Yes.', 'Got   it.')]
    const missing = ledger.missing(turns)
    expect(missing.map((part) => [part.turn.turn_index, part.user, part.agent])).toEqual([
      [2, 'Yes.', ['Got it.']],
    ])
    expect(ledger.missing(turns)).toEqual(missing)
  })

  it('finds a missing stretch in the middle of a turn', () => {
    const ledger = new TranscriptLedger()
    ledger.addAgent('Let me check.')
    ledger.addAgent('Anything else?')
    const missing = ledger.missing([
      turn(3, null, 'Let me check. You are booked for Tuesday. Anything else?'),
    ])
    expect(missing[0]?.agent).toEqual(['You are booked for Tuesday.'])
  })
})

describe('backfillFrames', () => {
  it('synthesizes observer frames that normalize to transcripts and say where they came from', () => {
    const frames = backfillFrames(
      'CA1',
      [{ turn: turn(2, 'Thanks.', 'Goodbye.'), user: 'Thanks.', agent: ['Goodbye.'] }],
      1234,
    )
    expect(frames.map((frame) => frame.result.kind)).toEqual(['event', 'event'])
    const [user, agent] = frames
    expect(user?.result.kind === 'event' && user.result.event).toMatchObject({
      type: 'user_transcript',
      transcript: 'Thanks.',
      state: 'intake',
      speaker_role: 'caller',
    })
    expect(agent?.result.kind === 'event' && agent.result.event).toMatchObject({
      type: 'agent_transcript',
      transcript: 'Goodbye.',
    })
    expect(JSON.parse(user?.raw ?? '')).toMatchObject({ backfilled: true, turn_index: 2 })
    expect(user).toMatchObject({ callSid: 'CA1', receivedAt: 1234 })
  })
})
