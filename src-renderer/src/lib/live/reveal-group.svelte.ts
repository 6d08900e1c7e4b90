import { SvelteSet } from 'svelte/reactivity'
import type { Text } from '../../../../src-main/api'

export interface PhiValue {
  phi: string
  field: string
}

/** The PHI parts of some texts, in order. */
export function phiParts(...texts: (Text | null | undefined)[]): PhiValue[] {
  const parts: PhiValue[] = []
  for (const text of texts) {
    for (const part of text ?? []) if (typeof part !== 'string') parts.push(part)
  }
  return parts
}

function keyOf(part: PhiValue): string {
  return `${part.field}\u0000${part.phi}`
}

/**
 * Which masked values of one card are revealed, so that a key on the card can reveal or hide all
 * of them at once while a click still reveals one. A value is known by its field and content: a
 * new value (the next utterance) is masked again. Never persisted.
 */
export class RevealGroup {
  readonly #revealed = new SvelteSet<string>()

  has(part: PhiValue): boolean {
    return this.#revealed.has(keyOf(part))
  }

  toggle(part: PhiValue): void {
    const key = keyOf(part)
    if (this.#revealed.has(key)) this.#revealed.delete(key)
    else this.#revealed.add(key)
  }

  /** Reveals every one of `parts` unless all already are; then hides them all. */
  toggleAll(parts: readonly PhiValue[]): void {
    const allShown = parts.length > 0 && parts.every((part) => this.has(part))
    // Values no longer on the card are forgotten either way.
    this.#revealed.clear()
    if (!allShown) for (const part of parts) this.#revealed.add(keyOf(part))
  }
}
