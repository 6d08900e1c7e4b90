import { randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { ApiFailure } from './api-failure'
import type { KeyVault } from './key-vault'

/** The passphrases of the two session databases: the workspace's and the demo's. */
export class DatabaseKeys {
  /** Browser mode's demo database key when no CALL_OBSERVER_DB_KEY is set: one run only. */
  #demoRunKey: string | null = null

  constructor(
    readonly vault: KeyVault,
    readonly dataDir: string,
  ) {}

  /**
   * The key of the workspace database: kept in the vault, generated on the first run where the
   * vault can keep it. Browser mode cannot keep one, so it must come from the environment.
   */
  workspace(): string {
    const stored = this.vault.read('db-passphrase')
    if (stored !== null) return stored
    if (this.vault.protection === 'this-run-only') {
      throw new ApiFailure(
        'database-key-missing',
        'Browser mode has no OS keychain to keep the database key between runs: set ' +
          'CALL_OBSERVER_DB_KEY and start again, or use the desktop app.',
      )
    }
    const generated = randomBytes(32).toString('hex')
    this.vault.write('db-passphrase', generated)
    return generated
  }

  /**
   * The demo database's key: the workspace key where there is one; otherwise (browser mode without
   * CALL_OBSERVER_DB_KEY) a key for this run only, with a fresh demo database, since last run's
   * could not be opened.
   */
  demo(): string {
    if (this.vault.protection !== 'this-run-only' || this.vault.read('db-passphrase') !== null) {
      return this.workspace()
    }
    if (this.#demoRunKey === null) {
      this.#demoRunKey = randomBytes(32).toString('hex')
      const file = join(this.dataDir, 'demo.db')
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true })
    }
    return this.#demoRunKey
  }
}
