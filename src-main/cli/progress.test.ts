import { describe, expect, it } from 'vitest'
import { describeStorage, plural, progressLine } from './progress'

// What a person watching the CLI reads: counts with the noun they call for.

describe('counts in words', () => {
  it.each([
    [0, 'event', '0 events'],
    [1, 'event', '1 event'],
    [2, 'event', '2 events'],
    [12_345, 'session', '12,345 sessions'],
    [1, 'replayed duplicate', '1 replayed duplicate'],
  ])('plural(%d, %s) is "%s"', (n, noun, text) => {
    expect(plural(n, noun)).toBe(text)
  })

  it('takes an irregular plural', () => {
    expect(plural(2, 'entry', 'entries')).toBe('2 entries')
    expect(plural(1, 'entry', 'entries')).toBe('1 entry')
  })

  it('says "1 event stored" and "observing 1 call" in a progress line', () => {
    const progress = {
      stored: 1,
      quarantined: 0,
      duplicates: 0,
      lost: 0,
      cursor: null,
      observing: 1,
    }
    expect(progressLine('connected', progress, 1)).toBe(
      'connected · 1 event stored (1/s) · 0 quarantined · observing 1 call',
    )
    expect(progressLine('connected', { ...progress, stored: 2, observing: 0 }, 2)).toBe(
      'connected · 2 events stored (2/s) · 0 quarantined · observing 0 calls',
    )
  })

  it('counts the events waiting while saving fails', () => {
    const failing = { state: 'failing' as const, message: 'The disk is full.', since: 0 }
    expect(describeStorage({ ...failing, waiting: 1 })).toBe(
      'Events are not being saved; 1 event waiting in memory will be retried: The disk is full.',
    )
    expect(describeStorage({ ...failing, waiting: 3 })).toMatch(/; 3 events waiting in memory/)
  })
})
