/**
 * The last `capacity` items pushed, oldest first. A ring rather than an array with `shift`, so a
 * push on the ingest path costs the same when full as when empty.
 */
export class RingBuffer<T> {
  readonly #capacity: number
  #items: T[] = []
  /** Index of the oldest item once the ring is full. */
  #start = 0

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`ring capacity must be a positive integer, got ${capacity}`)
    }
    this.#capacity = capacity
  }

  get size(): number {
    return this.#items.length
  }

  push(item: T): void {
    if (this.#items.length < this.#capacity) {
      this.#items.push(item)
      return
    }
    this.#items[this.#start] = item
    this.#start = (this.#start + 1) % this.#capacity
  }

  /** The items, oldest first. */
  toArray(): T[] {
    const items = this.#items
    return this.#start === 0
      ? items.slice()
      : [...items.slice(this.#start), ...items.slice(0, this.#start)]
  }

  clear(): void {
    this.#items = []
    this.#start = 0
  }
}
