/**
 * The scenario's only source of chance: a small seeded PRNG (sfc32, seeded through splitmix32), so
 * that a seed always yields the same run. `Math.random` is never used anywhere in the scenario.
 *
 * Streams are derived from the run's seed and a label (`Random.derive(seed, 'call', 7)`) rather
 * than drawn from one shared generator, so that one part of the scenario consuming more or fewer
 * numbers (say, a longer call) does not reshuffle every part that comes after it.
 */
export class Random {
  private a: number
  private b: number
  private c: number
  private d: number

  private constructor(words: readonly [number, number, number, number]) {
    ;[this.a, this.b, this.c, this.d] = words
    // sfc32's first outputs are correlated with its seed; discard them.
    for (let i = 0; i < 12; i++) this.nextUint32()
  }

  /** A generator determined by the seed and the labels, independent of every other stream. */
  static derive(seed: number, ...labels: readonly (string | number)[]): Random {
    let state = hashString([String(seed), ...labels.map(String)].join('\u0000'))
    const next = (): number => {
      state = (state + 0x9e3779b9) | 0
      let z = state
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad)
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97)
      return (z ^ (z >>> 15)) >>> 0
    }
    return new Random([next(), next(), next(), next()])
  }

  /** A child stream named by `labels`, derived from this stream's next output. */
  fork(...labels: readonly (string | number)[]): Random {
    return Random.derive(this.nextUint32(), ...labels)
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return t >>> 0
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296
  }

  /** Uniform in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.next()
  }

  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  chance(probability: number): boolean {
    return this.next() < probability
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)]
    if (item === undefined) throw new Error('pick from an empty list')
    return item
  }

  /** One of the entries, each as likely as its weight. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0)
    let target = this.next() * total
    for (const [value, weight] of entries) {
      target -= weight
      if (target < 0) return value
    }
    const last = entries.at(-1)
    if (last === undefined) throw new Error('weighted pick from an empty list')
    return last[0]
  }

  /** The gap between events of a Poisson process with the given mean gap. */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean
  }

  /** Approximately normal (sum of uniforms), clamped to [min, max]. */
  around(mean: number, spread: number, min: number, max: number): number {
    const unit = (this.next() + this.next() + this.next() - 1.5) / 1.5
    return Math.min(max, Math.max(min, mean + unit * spread))
  }

  /** `length` lowercase hexadecimal digits. */
  hex(length: number): string {
    let out = ''
    while (out.length < length) out += this.nextUint32().toString(16).padStart(8, '0')
    return out.slice(0, length)
  }

  /** A version-4 UUID. */
  uuid(): string {
    const hex = this.hex(32)
    const variant = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16)
    return [
      hex.slice(0, 8),
      hex.slice(8, 12),
      `4${hex.slice(13, 16)}`,
      `${variant}${hex.slice(17, 20)}`,
      hex.slice(20, 32),
    ].join('-')
  }

  /** `count` digits, leading zeros kept. */
  digits(count: number): string {
    let out = ''
    for (let i = 0; i < count; i++) out += String(this.int(0, 9))
    return out
  }
}

/** FNV-1a over UTF-16 code units: enough to spread labels over 32 bits. */
function hashString(text: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}
