import { describe, expect, it } from 'vitest'
import type { EventCategory } from '../../../../src-main/api'
import {
  countAfter,
  countByCategory,
  filterFeed,
  indexAtOrAfter,
  isFiltering,
  NO_FILTER,
  toggleCategory,
  typeAfterCategoryChange,
  typesFor,
} from './feed-filter'

const items = [
  { id: 1, category: 'call', type: 'call.started' },
  { id: 2, category: 'operator', type: 'operator.joined' },
  { id: 4, category: 'call', type: 'call.ended' },
  { id: 7, category: 'other', type: 'self_image.updated' },
  { id: 9, category: 'call', type: 'call.started' },
] as const satisfies readonly { id: number; category: EventCategory; type: string }[]

const seen = new Map<EventCategory, Set<string>>([
  ['call', new Set(['call.started', 'call.ended'])],
  ['operator', new Set(['operator.joined'])],
  ['other', new Set(['self_image.updated'])],
])

describe('filterFeed', () => {
  it('returns the same array when nothing is filtered', () => {
    expect(isFiltering(NO_FILTER)).toBe(false)
    expect(filterFeed(items, NO_FILTER)).toBe(items)
  })

  it('keeps the chosen categories, in order', () => {
    const filter = { categories: new Set<EventCategory>(['call', 'other']), type: '' }
    expect(filterFeed(items, filter).map((item) => item.id)).toEqual([1, 4, 7, 9])
  })

  it('keeps one type, within the chosen categories', () => {
    expect(filterFeed(items, { categories: new Set(), type: 'call.started' }).length).toBe(2)
    const elsewhere = { categories: new Set<EventCategory>(['operator']), type: 'call.started' }
    expect(filterFeed(items, elsewhere)).toEqual([])
  })
})

describe('countByCategory and toggleCategory', () => {
  it('counts the items of each category', () => {
    const counts = countByCategory(items)
    expect(counts.get('call')).toBe(3)
    expect(counts.get('operator')).toBe(1)
    expect(counts.has('text')).toBe(false)
  })

  it('switches a category on and off without touching the original', () => {
    const none = new Set<EventCategory>()
    const on = toggleCategory(none, 'call')
    expect([...on]).toEqual(['call'])
    expect(none.size).toBe(0)
    expect(toggleCategory(on, 'call').size).toBe(0)
  })
})

describe('typesFor and typeAfterCategoryChange', () => {
  it('offers the types of the chosen categories, sorted, or of all when none is chosen', () => {
    expect(typesFor(seen, new Set())).toEqual([
      'call.ended',
      'call.started',
      'operator.joined',
      'self_image.updated',
    ])
    expect(typesFor(seen, new Set(['operator']))).toEqual(['operator.joined'])
  })

  it('keeps the selected type on offer', () => {
    expect(typesFor(seen, new Set(['operator']), 'call.ended')).toEqual([
      'call.ended',
      'operator.joined',
    ])
  })

  it('clears a selected type the chosen categories no longer include', () => {
    expect(typeAfterCategoryChange(seen, new Set(['call']), 'call.ended')).toBe('call.ended')
    expect(typeAfterCategoryChange(seen, new Set(['operator']), 'call.ended')).toBe('')
    expect(typeAfterCategoryChange(seen, new Set(), 'call.ended')).toBe('call.ended')
  })
})

describe('indexAtOrAfter and countAfter', () => {
  it('finds the first item at or after an id', () => {
    expect(indexAtOrAfter(items, 0)).toBe(0)
    expect(indexAtOrAfter(items, 4)).toBe(2)
    expect(indexAtOrAfter(items, 5)).toBe(3)
    expect(indexAtOrAfter(items, 10)).toBe(5)
    expect(indexAtOrAfter([], 3)).toBe(0)
  })

  it('counts the items newer than an id', () => {
    expect(countAfter(items, 4)).toBe(2)
    expect(countAfter(items, 9)).toBe(0)
    expect(countAfter(items, -1)).toBe(5)
  })
})
