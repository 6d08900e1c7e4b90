import { describe, expect, it } from 'vitest'
import { higherEventId, isEventId, resumeEventId } from './last-event-id'

describe('SSE resume cursor', () => {
  it('resumes one millisecond before the highest id held (replay is strictly greater-than)', () => {
    expect(resumeEventId('1767225600123')).toBe('1767225600122')
    expect(resumeEventId('99999999999999999999')).toBe('99999999999999999998')
    expect(resumeEventId(null)).toBeNull()
    expect(resumeEventId('0')).toBeNull()
    expect(resumeEventId('1')).toBeNull()
    expect(resumeEventId('opaque-id')).toBe('opaque-id')
  })

  it('never lets a control frame id 0 lower the cursor', () => {
    expect(isEventId('0')).toBe(false)
    expect(isEventId('')).toBe(false)
    expect(isEventId('1767225600123')).toBe(true)
    expect(higherEventId('1767225600123', '0')).toBe('1767225600123')
    expect(higherEventId('0', '1767225600123')).toBe('1767225600123')
    expect(higherEventId(null, '1767225600123')).toBe('1767225600123')
    expect(higherEventId('1767225600124', '1767225600123')).toBe('1767225600124')
    expect(higherEventId('999', '1000')).toBe('1000') // numeric, not string, order
    expect(higherEventId(null, '0')).toBe('0')
    expect(higherEventId(null, null)).toBeNull()
  })
})
