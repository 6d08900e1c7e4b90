import type { RecordedSession } from '../../../../src-main/api'
import { api } from '../api/client'

const PAGE = 50
/** The most the core sends in one page: the full library (search, paging) comes next. */
const MOST = 200

/**
 * The recorded sessions the Library lists, newest first, a page at a time from the core. Loaded
 * while the Library is on screen, and again whenever sessions start or end.
 */
export class LibraryList {
  #sessions = $state.raw<RecordedSession[]>([])
  #hasMore = $state(false)
  #open = $state(true)
  #loaded = $state(false)
  #error = $state<string | null>(null)
  /** How many rows the user asked to see (pages loaded so far). */
  #wanted = PAGE
  #generation = 0

  get sessions(): readonly RecordedSession[] {
    return this.#sessions
  }

  /** More sessions are recorded than shown, and "Show more" can bring them. */
  get canShowMore(): boolean {
    return this.#hasMore && this.#wanted < MOST
  }

  /** More sessions are recorded than this list can show. */
  get capped(): boolean {
    return this.#hasMore && this.#wanted >= MOST
  }

  /** False when nothing is being recorded, so there is no database to read. */
  get open(): boolean {
    return this.#open
  }

  get loaded(): boolean {
    return this.#loaded
  }

  get error(): string | null {
    return this.#error
  }

  /** Follows the core's changes until the returned function is called. */
  start(): () => void {
    const stops = [
      api.on('sessions.changed', () => {
        void this.load()
      }),
      api.on('app.state', () => {
        void this.load()
      }),
      api.onResync(() => {
        void this.load()
      }),
    ]
    void this.load()
    return () => {
      for (const stop of stops) stop()
    }
  }

  async showMore(): Promise<void> {
    this.#wanted = Math.min(this.#wanted + PAGE, MOST)
    await this.load()
  }

  /** Reloads what is shown; a slower answer to an older request is dropped. */
  async load(): Promise<void> {
    const generation = ++this.#generation
    try {
      const page = await api.call('sessions.list', { limit: Math.min(this.#wanted, MOST) })
      if (generation !== this.#generation) return
      this.#sessions = page.sessions
      this.#hasMore = page.hasMore
      this.#open = page.open
      this.#error = null
    } catch (error) {
      if (generation !== this.#generation) return
      this.#error = error instanceof Error ? error.message : String(error)
    } finally {
      if (generation === this.#generation) this.#loaded = true
    }
  }
}
