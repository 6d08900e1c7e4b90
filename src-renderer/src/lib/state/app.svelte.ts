import type { AppState } from '../../../../src-main/api'
import { api } from '../api/client'

/**
 * What the core says about the app: set up or not, which workspace, how secrets are kept. Null
 * until the core first answers.
 */
class AppStateStore {
  #state = $state.raw<AppState | null>(null)
  #loadError = $state<string | null>(null)

  get current(): AppState | null {
    return this.#state
  }

  /** Why the core could not be asked (browser mode's server gone, say). */
  get loadError(): string | null {
    return this.#loadError
  }

  start(): void {
    api.on('app.state', (state) => {
      this.#state = state
    })
    api.onResync(() => {
      void this.load()
    })
    void this.load()
  }

  /** Applies the state a command returned, without waiting for its push. */
  set(state: AppState): void {
    this.#state = state
  }

  async load(): Promise<void> {
    try {
      this.#state = await api.call('app.getState', undefined)
      this.#loadError = null
    } catch (error) {
      this.#loadError = error instanceof Error ? error.message : String(error)
    }
  }
}

export const appState = new AppStateStore()
