import { isSectionId, type SectionId } from '../sections'

export const DEFAULT_SECTION: SectionId = 'live'

/** The hash a section lives at, e.g. `#/library`. */
export function sectionHref(id: SectionId): string {
  return `#/${id}`
}

function parseHash(hash: string): SectionId | null {
  const name = /^#\/([a-z-]+)\/?$/.exec(hash)?.[1]
  return name !== undefined && isSectionId(name) ? name : null
}

/**
 * Which section is on screen. The URL hash is the source of truth, so back/forward and deep
 * links work; this class mirrors it as reactive state.
 */
class NavigationState {
  #current = $state<SectionId>(DEFAULT_SECTION)

  get current(): SectionId {
    return this.#current
  }

  /** Reads the current hash and follows its changes. Returns a function that stops following. */
  start(): () => void {
    this.#sync()
    const onHashChange = (): void => {
      this.#sync()
    }
    window.addEventListener('hashchange', onHashChange)
    return () => {
      window.removeEventListener('hashchange', onHashChange)
    }
  }

  /** Opens a section, adding a history entry. */
  go(id: SectionId): void {
    const href = sectionHref(id)
    if (window.location.hash !== href) window.location.hash = href
    this.#current = id
  }
  #sync(): void {
    const id = parseHash(window.location.hash)
    if (id === null) {
      // No hash or an unknown one: show the default section without adding a history entry.
      window.history.replaceState(window.history.state, '', sectionHref(DEFAULT_SECTION))
      this.#current = DEFAULT_SECTION
    } else {
      this.#current = id
    }
  }
}

export const navigation = new NavigationState()
