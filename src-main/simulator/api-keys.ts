/**
 * The demo workspace's one API key and the state a test can put it in. `no-observer-access` is a
 * key that may read the workspace but not observe calls.
 */
export type KeyState = 'valid' | 'expired' | 'revoked' | 'no-observer-access'

export class ApiKeyRegistry {
  state: KeyState = 'valid'

  constructor(
    readonly apiKey: string,
    /** Wall-clock expiry (epoch ms) reported by `GET /v1/auth/me`. */
    readonly expiresAtMs: number,
  ) {}

  /** Whether a bearer credential may use the REST API and the event stream. */
  acceptsBearer(header: string | undefined): boolean {
    return (
      header === `Bearer ${this.apiKey}` &&
      (this.state === 'valid' || this.state === 'no-observer-access')
    )
  }
}
