import { describe, expect, it } from 'vitest'
import { boardStep, notLiveNote } from './board-keys'

describe('moving between call cards with the keyboard', () => {
  // Seven cards in rows of three: 0 1 2 / 3 4 5 / 6
  it('moves by one sideways, by a row up and down, to the ends with Home and End', () => {
    expect(boardStep('ArrowRight', 0, 7, 3)).toBe(1)
    expect(boardStep('ArrowLeft', 1, 7, 3)).toBe(0)
    expect(boardStep('ArrowDown', 1, 7, 3)).toBe(4)
    expect(boardStep('ArrowUp', 4, 7, 3)).toBe(1)
    expect(boardStep('Home', 5, 7, 3)).toBe(0)
    expect(boardStep('End', 0, 7, 3)).toBe(6)
  })

  it('stops at the edges, and goes down to the last card from a row above a short last row', () => {
    expect(boardStep('ArrowLeft', 0, 7, 3)).toBeNull()
    expect(boardStep('ArrowRight', 6, 7, 3)).toBeNull()
    expect(boardStep('ArrowUp', 2, 7, 3)).toBeNull()
    expect(boardStep('ArrowDown', 5, 7, 3)).toBe(6)
    expect(boardStep('ArrowDown', 6, 7, 3)).toBeNull()
    expect(boardStep('End', 6, 7, 3)).toBeNull()
  })

  it('ignores other keys, Enter included (it will open the call)', () => {
    expect(boardStep('Enter', 0, 7, 3)).toBeNull()
    expect(boardStep('r', 0, 7, 3)).toBeNull()
  })
})

describe('the note on a board that is not live', () => {
  it('says why, and nothing while connected', () => {
    expect(notLiveNote({ state: 'connected', since: 1 })).toBeNull()
    expect(
      notLiveNote({
        state: 'reconnecting',
        retryAt: 1,
        attempt: 1,
        reason: 'the connection was lost',
      }),
    ).toBe('Not live — reconnecting.')
    expect(notLiveNote({ state: 'offline', message: 'm', action: 'a', retryAt: null })).toMatch(
      /cannot be reached/,
    )
  })
})
