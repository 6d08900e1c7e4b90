import { noNames, type Names } from '../../../../src-main/api'
import { api } from '../api/client'

/** A known id as shown: its name, and the id for the tooltip. */
export interface Named {
  name: string
  title: string
}

/**
 * The names of services, operators and the workspace, mirrored from the core's name directory.
 * Kept as maps: an id is only ever a key (`constructor` is not a name).
 */
class NamesStore {
  #names = $state.raw<Names>(noNames)
  readonly #services = $derived(new Map(Object.entries(this.#names.services)))
  readonly #operators = $derived(new Map(Object.entries(this.#names.operators)))

  get workspace(): Names['workspace'] {
    return this.#names.workspace
  }

  service(id: string | null): string | null {
    return id === null ? null : (this.#services.get(id) ?? null)
  }

  operator(id: string | null): string | null {
    return id === null ? null : (this.#operators.get(id) ?? null)
  }

  /**
   * A piece of display text that is exactly a known id (the feed's summaries carry ids as their
   * own parts), as its name; null for anything else.
   */
  named(part: string): Named | null {
    const service = this.#services.get(part)
    if (service !== undefined) return { name: service, title: `Service ${part}` }
    const operator = this.#operators.get(part)
    if (operator !== undefined) return { name: operator, title: `Operator ${part}` }
    return null
  }

  start(): void {
    api.on('names.changed', (names) => {
      this.#names = names
    })
    api.onResync(() => {
      void this.load()
    })
    // A new workspace brings its own names.
    api.on('app.state', () => {
      void this.load()
    })
    void this.load()
  }

  async load(): Promise<void> {
    try {
      this.#names = await api.call('names.get', undefined)
    } catch {
      // Names are a convenience: ids stand in until the next push or resync.
    }
  }
}

export const names = new NamesStore()
