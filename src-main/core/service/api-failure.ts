import type { ApiErrorCode } from '../../api'

/** A command failure the user can act on: its message is shown as it is, so it never holds PHI. */
export class ApiFailure extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'ApiFailure'
  }
}
