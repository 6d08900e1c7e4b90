/** The CLI's exit codes: a contract that scripts rely on (DESIGN.md, README "CLI"). */
export const ExitCode = {
  Done: 0,
  Failure: 1,
  Usage: 2,
  CredentialsRejected: 3,
  DatabaseUnavailable: 4,
} as const

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]

/** A failure with its exit code and the one line that tells the user why and what to do. */
export class CliError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
  ) {
    super(message)
  }
}

/** A usage error (exit 2); the CLI adds where to read the command's help. */
export function usageError(message: string): CliError {
  return new CliError(ExitCode.Usage, message)
}
