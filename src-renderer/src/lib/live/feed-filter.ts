import type { EventCategory, FeedItem } from '../../../../src-main/api'

/** What the feed shows: no categories chosen means every category; an empty type means any. */
export interface FeedFilter {
  readonly categories: ReadonlySet<EventCategory>
  readonly type: string
}

type Filterable = Pick<FeedItem, 'category' | 'type'>

export const NO_FILTER: FeedFilter = { categories: new Set(), type: '' }

export function isFiltering(filter: FeedFilter): boolean {
  return filter.categories.size > 0 || filter.type !== ''
}

export function matchesFilter(item: Filterable, filter: FeedFilter): boolean {
  if (filter.categories.size > 0 && !filter.categories.has(item.category)) return false
  return filter.type === '' || item.type === filter.type
}

/** The items the filter lets through, in order. The same array when nothing is filtered. */
export function filterFeed<T extends Filterable>(
  items: readonly T[],
  filter: FeedFilter,
): readonly T[] {
  if (!isFiltering(filter)) return items
  return items.filter((item) => matchesFilter(item, filter))
}

/** How many items of each category there are (categories with none are absent). */
export function countByCategory(items: readonly Filterable[]): ReadonlyMap<EventCategory, number> {
  const counts = new Map<EventCategory, number>()
  for (const item of items) counts.set(item.category, (counts.get(item.category) ?? 0) + 1)
  return counts
}

/** The chosen categories with `category` switched on or off (a new set). */
export function toggleCategory(
  categories: ReadonlySet<EventCategory>,
  category: EventCategory,
): ReadonlySet<EventCategory> {
  const next = new Set(categories)
  if (next.has(category)) next.delete(category)
  else next.add(category)
  return next
}

/**
 * The event types to offer, sorted: those seen in the chosen categories (every category when
 * none is chosen), plus `keep` (the type already selected) so a selection never vanishes.
 */
export function typesFor(
  seen: ReadonlyMap<EventCategory, ReadonlySet<string>>,
  categories: ReadonlySet<EventCategory>,
  keep = '',
): string[] {
  const types = new Set<string>()
  for (const [category, set] of seen) {
    if (categories.size > 0 && !categories.has(category)) continue
    for (const type of set) types.add(type)
  }
  if (keep !== '') types.add(keep)
  return [...types].sort()
}

/**
 * The type selection after the categories change: kept when the chosen categories still
 * include events of that type, cleared otherwise.
 */
export function typeAfterCategoryChange(
  seen: ReadonlyMap<EventCategory, ReadonlySet<string>>,
  categories: ReadonlySet<EventCategory>,
  type: string,
): string {
  if (type === '') return ''
  return typesFor(seen, categories).includes(type) ? type : ''
}

/** The index of the first item whose id is at least `id` (items sorted by id); binary search. */
export function indexAtOrAfter(items: readonly Pick<FeedItem, 'id'>[], id: number): number {
  let low = 0
  let high = items.length
  while (low < high) {
    const mid = (low + high) >>> 1
    const item = items[mid]
    if (item !== undefined && item.id < id) low = mid + 1
    else high = mid
  }
  return low
}

/** How many items (sorted by id) came after the one with id `id`. */
export function countAfter(items: readonly Pick<FeedItem, 'id'>[], id: number): number {
  return items.length - indexAtOrAfter(items, id + 1)
}

/** The types seen in the feed, by category: what the type filter offers. */
export function seenTypes(
  items: readonly Pick<FeedItem, 'category' | 'type'>[],
): ReadonlyMap<EventCategory, ReadonlySet<string>> {
  const types = new Map<EventCategory, Set<string>>()
  for (const item of items) {
    let set = types.get(item.category)
    if (!set) types.set(item.category, (set = new Set()))
    set.add(item.type)
  }
  return types
}
