import type { KeyProtection } from '../../api'

/** The secrets the app keeps between runs. */
export type SecretName = 'api-key' | 'db-passphrase'

/**
 * Where the app keeps its secrets. The desktop shell implements it with Electron's `safeStorage`
 * (the OS keychain); browser mode keeps them for the run only. Never logs a value.
 */
export interface KeyVault {
  readonly protection: KeyProtection
  read(name: SecretName): string | null
  write(name: SecretName, value: string): void
  remove(name: SecretName): void
}

/**
 * Browser mode's vault: there is no OS keychain to ask, so nothing is written to disk; secrets
 * live for this run, seeded from the environment (`CALL_OBSERVER_API_KEY`,
 * `CALL_OBSERVER_DB_KEY`) as for the CLI.
 */
export class RunOnlyVault implements KeyVault {
  readonly protection = 'this-run-only' as const
  readonly #values = new Map<SecretName, string>()

  constructor(env: NodeJS.ProcessEnv = {}) {
    if (env.CALL_OBSERVER_API_KEY) this.#values.set('api-key', env.CALL_OBSERVER_API_KEY)
    if (env.CALL_OBSERVER_DB_KEY) this.#values.set('db-passphrase', env.CALL_OBSERVER_DB_KEY)
  }

  read(name: SecretName): string | null {
    return this.#values.get(name) ?? null
  }

  write(name: SecretName, value: string): void {
    this.#values.set(name, value)
  }

  remove(name: SecretName): void {
    this.#values.delete(name)
  }
}
