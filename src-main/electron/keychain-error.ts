import type { ApiErrorCode } from '../api/contract'
import { ApiFailure } from '../core/service/api-failure'
import type { SecretName } from '../core/service/key-vault'

export type KeychainFailure =
  /** The entry is there but the keychain cannot decrypt it (the keychain changed or was reset). */
  | 'undecryptable'
  /** The entry is there but this run has no keychain to decrypt it with. */
  | 'keychain-unavailable'
  /** The secrets file is not one this app wrote (damaged, or edited by hand). */
  | 'unreadable-file'
  /** The keychain or the disk refused to save a secret. */
  | 'write-failed'

const labels: Record<SecretName, string> = {
  'api-key': 'API key',
  'db-passphrase': 'database passphrase',
}

/** The command error a renderer shows: the passphrase guards the store, the key the workspace. */
function codeFor(secret: SecretName | null, failure: KeychainFailure): ApiErrorCode {
  if (failure === 'write-failed') return 'internal'
  return secret === 'api-key' ? 'credentials-rejected' : 'database-key-missing'
}

/**
 * A secret that cannot be read or saved, said in words the user can act on. It is an
 * `ApiFailure`, so a command that meets it answers with this message rather than a generic one.
 * It never holds the secret.
 */
export class KeychainError extends ApiFailure {
  constructor(
    readonly failure: KeychainFailure,
    readonly secret: SecretName | null,
    message: string,
  ) {
    super(codeFor(secret, failure), message)
    this.name = 'KeychainError'
  }
}

export function secretLabel(name: SecretName): string {
  return labels[name]
}
