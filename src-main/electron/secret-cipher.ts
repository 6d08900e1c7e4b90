import { safeStorage } from 'electron'

/** What the vault needs of the OS keychain; Electron's `safeStorage` below, a fake in tests. */
export interface SecretCipher {
  /** False when the OS offers no encryption at all (nothing may then be written to disk). */
  readonly available: boolean
  /**
   * Which store holds the key: on Linux, `safeStorage`'s backend (`basic_text` is a key built into
   * Chromium, so protection in name only); elsewhere the platform's keychain.
   */
  readonly backend: string
  encrypt(value: string): Buffer
  decrypt(data: Buffer): string
}

/**
 * `safeStorage` through its synchronous calls. Electron 45 deprecates them for the async ones, but
 * `KeyVault` is synchronous and a secret must be on disk when `write` returns (a database
 * passphrase that is not saved is a database lost), so the async API waits for an async vault.
 * Call after the app's `ready`: before it, Linux reports the backend as `unknown`.
 */
export function safeStorageCipher(platform: NodeJS.Platform = process.platform): SecretCipher {
  return {
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- see above
    available: safeStorage.isEncryptionAvailable(),
    backend:
      platform === 'linux' ? safeStorage.getSelectedStorageBackend() : `${platform}-keychain`,
    encrypt: (value) =>
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- see above
      safeStorage.encryptString(value),
    decrypt: (data) =>
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- see above
      safeStorage.decryptString(data),
  }
}
