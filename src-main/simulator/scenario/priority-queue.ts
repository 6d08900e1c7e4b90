/** A binary min-heap ordered by `before(a, b)` (true when `a` must come out first). */
export class PriorityQueue<T> {
  private readonly items: T[] = []

  constructor(private readonly before: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length
  }

  push(item: T): void {
    const items = this.items
    let index = items.length
    items.push(item)
    while (index > 0) {
      const parentIndex = (index - 1) >> 1
      const parent = items[parentIndex]
      if (parent === undefined || !this.before(item, parent)) break
      items[index] = parent
      index = parentIndex
    }
    items[index] = item
  }

  peek(): T | undefined {
    return this.items[0]
  }

  pop(): T | undefined {
    const items = this.items
    const top = items[0]
    const last = items.pop()
    if (items.length === 0 || last === undefined) return top
    let index = 0
    for (;;) {
      const left = items[2 * index + 1]
      const right = items[2 * index + 2]
      if (left === undefined) break
      const goRight = right !== undefined && this.before(right, left)
      const child = goRight ? right : left
      if (!this.before(child, last)) break
      items[index] = child
      index = 2 * index + (goRight ? 2 : 1)
    }
    items[index] = last
    return top
  }
}
