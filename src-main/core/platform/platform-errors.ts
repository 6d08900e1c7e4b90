/**
 * Errors of the platform's REST API. Messages say what was being done and the HTTP status or the
 * failing fields, never a header, a body value or the key, so they are safe to log and show.
 */
export class PlatformError extends Error {
  override readonly name: string = 'PlatformError'

  constructor(
    message: string,
    /** The HTTP status, or null when no response came (network error, timeout). */
    readonly status: number | null,
    /** `http`: a non-2xx answer; `network`: no answer; `invalid_response`: a body off-schema. */
    readonly kind: 'http' | 'network' | 'timeout' | 'invalid_response',
  ) {
    super(message)
  }
}

/** 401 or 403: the key is wrong, expired, revoked or lacks the permission. Do not retry. */
export class CredentialsRejectedError extends PlatformError {
  override readonly name = 'CredentialsRejectedError'

  /** `what`: what was being done, in words ("Checking the API key"). */
  constructor(what: string, status: number) {
    super(
      `${what}: the platform rejected the API key (HTTP ${status}). Check that it is valid, unexpired and has access to this workspace.`,
      status,
      'http',
    )
  }
}

/** 429: wait `retryAfterMs` (when the server said) before asking again. */
export class RateLimitedError extends PlatformError {
  override readonly name = 'RateLimitedError'

  constructor(
    what: string,
    readonly retryAfterMs: number | null,
  ) {
    const wait =
      retryAfterMs === null ? '' : `; it asks to wait ${Math.ceil(retryAfterMs / 1000)} s`
    super(`${what}: the platform is limiting requests (HTTP 429)${wait}.`, 429, 'http')
  }
}
