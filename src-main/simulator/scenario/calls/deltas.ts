import type { Random } from '../random'

/**
 * Splits `text` into streaming chunks of a few words, at least `minChunks` of them when it has the
 * words for it; joined, the chunks give back `text` exactly.
 */
export function deltaChunks(rng: Random, text: string, minChunks: number): string[] {
  const tokens = text.match(/\s*\S+\s*/g) ?? [text]
  const largest = Math.max(1, Math.min(5, Math.floor(tokens.length / minChunks)))
  const chunks: string[] = []
  for (let i = 0; i < tokens.length;) {
    const size = rng.int(Math.min(2, largest), largest)
    chunks.push(tokens.slice(i, i + size).join(''))
    i += size
  }
  return chunks
}
