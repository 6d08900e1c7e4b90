import { CredentialsRejectedError, PlatformError } from '../platform'
import { ApiFailure } from './api-failure'

/**
 * System error codes a network failure may end with ("… could not be reached (ENOTFOUND)."),
 * in the words a user reads. A code not listed is dropped: it says nothing to a person.
 */
const networkWords: Readonly<Record<string, string>> = {
  ENOTFOUND: 'no server has that name',
  EAI_AGAIN: 'its name could not be looked up',
  ECONNREFUSED: 'nothing answered at that address',
  ECONNRESET: 'the connection was cut',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'there is no route to it',
  ENETUNREACH: 'the network is unreachable',
  CERT_HAS_EXPIRED: 'its certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'its certificate is not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its certificate is not trusted',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its certificate is for another name',
}

/**
 * A platform error's message for a person: a trailing `(CODE)` said in words or dropped, and the
 * wire fields an answer lacked (`(key_id, workspace_id)`, for the log) left out.
 */
export function inWords(message: string): string {
  return message
    .replace(/ \(([A-Z][A-Z0-9_]{1,40})\)(?=\.?$)/, (_match, code: string) => {
      const words = networkWords[code]
      return words === undefined ? '' : ` (${words})`
    })
    .replace(
      /the answer does not have the documented shape \([^)]*\)\.$/,
      "the answer is not one the platform would send: is this the platform's address?",
    )
}

/** What the user is told when recording cannot start, or a key cannot be checked. */
export function startFailure(error: unknown): unknown {
  if (error instanceof CredentialsRejectedError) {
    return new ApiFailure('credentials-rejected', error.message)
  }
  if (error instanceof PlatformError) {
    return new ApiFailure(
      'workspace-unreachable',
      `${inWords(error.message)} Check the base URL and your network, then try again.`,
    )
  }
  return error
}
