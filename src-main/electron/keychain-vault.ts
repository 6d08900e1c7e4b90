import type { KeyProtection } from '../api/contract'
import type { KeyVault, SecretName } from '../core/service/key-vault'
import { KeychainError, secretLabel } from './keychain-error'
import type { SecretCipher } from './secret-cipher'
import { readSecretsFile, writeSecretsFile, type StoredSecrets } from './secrets-file'

export interface KeychainVaultOptions {
  /** The small JSON file of ciphertexts, in userData. */
  file: string
  cipher: SecretCipher
  /** Notable things only; never a secret. */
  log?: (line: string) => void
}

/** How well the cipher protects what it encrypts (after Signal's `getSQLKey`). */
function protectionOf(cipher: SecretCipher): KeyProtection {
  if (!cipher.available) return 'this-run-only'
  // Linux without a secret service: Chromium encrypts with a key built into every copy of it.
  if (cipher.backend === 'basic_text') return 'plain-text'
  return 'os-keychain'
}

/**
 * The desktop app's `KeyVault`: each secret is kept only as the OS keychain's ciphertext
 * (`safeStorage`), base64 in a small JSON file. Without a keychain, secrets live in memory for
 * this run and nothing is written, never plain text on disk. A saved secret that cannot be
 * decrypted is a `KeychainError`, never read as missing: that would let a new database passphrase
 * silently replace the one the recordings are encrypted with.
 */
export class KeychainVault implements KeyVault {
  readonly protection: KeyProtection
  readonly #file: string
  readonly #cipher: SecretCipher
  #stored: StoredSecrets
  /** Decrypted values, and this run's only copy when there is no keychain. */
  readonly #values = new Map<SecretName, string>()

  /** Reads the secrets file; throws a `KeychainError` when it is not one this app wrote. */
  constructor(options: KeychainVaultOptions) {
    this.#file = options.file
    this.#cipher = options.cipher
    this.protection = protectionOf(options.cipher)
    this.#stored = readSecretsFile(options.file)
    if (this.protection === 'this-run-only') {
      options.log?.('no keychain encryption is available: secrets are kept for this run only')
    } else if (this.protection === 'plain-text') {
      options.log?.('the keychain is the basic_text fallback: secrets are only obfuscated on disk')
    }
  }

  read(name: SecretName): string | null {
    const known = this.#values.get(name)
    if (known !== undefined) return known
    const stored = this.#stored[name]
    if (!stored) return null
    if (this.protection === 'this-run-only') {
      throw new KeychainError(
        'keychain-unavailable',
        name,
        `The saved ${secretLabel(name)} cannot be read: the system keychain is not available ` +
          'in this session. Sign in to the desktop session that has it, then start Call Observer again.',
      )
    }
    let value: string
    try {
      value = this.#cipher.decrypt(Buffer.from(stored.data, 'base64'))
    } catch {
      throw new KeychainError(
        'undecryptable',
        name,
        this.#undecryptableMessage(name, stored.backend),
      )
    }
    this.#values.set(name, value)
    return value
  }

  write(name: SecretName, value: string): void {
    if (this.protection === 'this-run-only') {
      this.#values.set(name, value)
      return
    }
    let data: string
    try {
      data = this.#cipher.encrypt(value).toString('base64')
    } catch {
      throw new KeychainError(
        'write-failed',
        name,
        `The system keychain refused to encrypt the ${secretLabel(name)}; it was not saved.`,
      )
    }
    this.#save({ ...this.#stored, [name]: { data, backend: this.#cipher.backend } }, name)
    this.#values.set(name, value)
  }

  remove(name: SecretName): void {
    this.#values.delete(name)
    if (!this.#stored[name]) return
    const { [name]: _removed, ...rest } = this.#stored
    this.#save(rest, name)
  }

  #save(next: StoredSecrets, name: SecretName): void {
    try {
      writeSecretsFile(this.#file, next)
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? 'unknown error'
      throw new KeychainError(
        'write-failed',
        name,
        `The ${secretLabel(name)} could not be saved to ${this.#file} (${reason}).`,
      )
    }
    this.#stored = next
  }

  #undecryptableMessage(name: SecretName, savedWith: string): string {
    const cause =
      savedWith === this.#cipher.backend
        ? 'the system keychain no longer has the key it was saved with (it was reset, or this ' +
          'profile was copied from another computer or user)'
        : `the system keychain changed since it was saved (it was ${savedWith}, it is now ` +
          `${this.#cipher.backend})`
    const remedy =
      name === 'db-passphrase'
        ? 'Without it the recorded sessions cannot be opened: restore the keychain (for example ' +
          'by signing in to the desktop session it was saved in) rather than resetting it.'
        : 'Restore the keychain, or connect the workspace again to save a new key.'
    return `The saved ${secretLabel(name)} cannot be decrypted: ${cause}. ${remedy}`
  }
}
