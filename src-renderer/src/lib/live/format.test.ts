import { describe, expect, it } from 'vitest'
import {
  escalatedBy,
  formatClockTime,
  formatCount,
  formatDuration,
  formatRelative,
  humanize,
  isoDuration,
} from './format'

describe('formatDuration', () => {
  it('shows minutes and seconds under an hour', () => {
    expect(formatDuration(0)).toBe('0:00')
    expect(formatDuration(7_999)).toBe('0:07')
    expect(formatDuration(754_000)).toBe('12:34')
  })

  it('adds hours from an hour on', () => {
    expect(formatDuration(3_723_000)).toBe('1:02:03')
  })

  it('reads a negative duration (clock skew) as zero', () => {
    expect(formatDuration(-5_000)).toBe('0:00')
    expect(isoDuration(-5_000)).toBe('PT0S')
  })

  it('gives an ISO duration in whole seconds', () => {
    expect(isoDuration(83_400)).toBe('PT83S')
  })
})

describe('formatClockTime', () => {
  it('pads to HH:MM:SS in local time', () => {
    const at = new Date(2025, 0, 2, 3, 4, 5).getTime()
    expect(formatClockTime(at)).toBe('03:04:05')
  })
})

describe('formatRelative', () => {
  it('reads recent instants as now, then seconds, minutes, hours, days', () => {
    expect(formatRelative(1_000)).toBe('just now')
    expect(formatRelative(-1_000)).toBe('just now')
    expect(formatRelative(42_000)).toBe('42 s ago')
    expect(formatRelative(125_000)).toBe('2 min ago')
    expect(formatRelative(3 * 3_600_000)).toBe('3 h ago')
    expect(formatRelative(50 * 3_600_000)).toBe('2 d ago')
  })
})

describe('humanize and formatCount', () => {
  it('turns machine words into words', () => {
    expect(humanize('collecting_symptoms')).toBe('collecting symptoms')
    expect(humanize('frustrated-anxious')).toBe('frustrated anxious')
  })

  it('groups thousands whatever the locale', () => {
    expect(formatCount(10_000)).toBe('10,000')
  })
})

describe('escalatedBy', () => {
  it('names who escalated in words', () => {
    expect(escalatedBy('ai')).toBe('by the AI agent')
    expect(escalatedBy('caller')).toBe('by the caller')
    expect(escalatedBy('supervisor_rule')).toBe('by supervisor rule')
  })
})
