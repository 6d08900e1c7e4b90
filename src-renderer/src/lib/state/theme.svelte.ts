export type ThemePreference = 'system' | 'light' | 'dark'
export type ResolvedTheme = 'light' | 'dark'

export const THEME_STORAGE_KEY = 'call-observer.theme'

const PREFERENCES: readonly ThemePreference[] = ['system', 'light', 'dark']

function isPreference(value: string | null): value is ThemePreference {
  return value !== null && (PREFERENCES as readonly string[]).includes(value)
}

function readStored(): ThemePreference {
  try {
    const stored = window.localStorage.getItem(THEME_STORAGE_KEY)
    return isPreference(stored) ? stored : 'system'
  } catch {
    return 'system' // storage unavailable: fall back to the system theme
  }
}

/**
 * The colour theme. The user's choice is remembered in localStorage; "system" follows
 * `prefers-color-scheme` live. The resolved theme is applied as `data-theme` on `<html>`.
 */
class ThemeState {
  #preference = $state<ThemePreference>('system')
  #systemDark = $state(false)
  #resolved = $derived<ResolvedTheme>(
    this.#preference === 'system' ? (this.#systemDark ? 'dark' : 'light') : this.#preference,
  )
  /** Held so its change listener lives as long as the app. */
  #media: MediaQueryList | null = null

  get preference(): ThemePreference {
    return this.#preference
  }

  get resolved(): ResolvedTheme {
    return this.#resolved
  }

  /** Loads the saved choice, applies it and follows the OS setting. Call before mounting. */
  start(): () => void {
    const media = window.matchMedia('(prefers-color-scheme: dark)')
    this.#media = media
    this.#preference = readStored()
    this.#systemDark = media.matches
    this.#apply()
    const onChange = (event: MediaQueryListEvent): void => {
      this.#systemDark = event.matches
      this.#apply()
    }
    media.addEventListener('change', onChange)
    return () => {
      this.#media?.removeEventListener('change', onChange)
      this.#media = null
    }
  }

  set(preference: ThemePreference): void {
    this.#preference = preference
    try {
      window.localStorage.setItem(THEME_STORAGE_KEY, preference)
    } catch {
      // Not remembered, but still applied for this session.
    }
    this.#apply()
  }

  #apply(): void {
    document.documentElement.dataset.theme = this.#resolved
  }
}

export const theme = new ThemeState()
