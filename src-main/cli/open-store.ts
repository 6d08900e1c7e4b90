import { existsSync, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { DatabaseUnavailableError, SessionStore } from '../core/store'
import { CliError, ExitCode } from './exit-codes'

/**
 * Opens the session database for a command, mapping every failure to exit code 4. Reading
 * commands never create a database: a mistyped path must not leave an empty one behind.
 */
export function openStoreForCli(
  file: string,
  passphrase: string,
  mode: 'record' | 'read',
): SessionStore {
  if (mode === 'read' && !existsSync(file)) {
    throw new CliError(
      ExitCode.DatabaseUnavailable,
      `There is no session database at ${file}: record into it first, or name another with --db.`,
    )
  }
  try {
    if (mode === 'record') mkdirSync(dirname(file), { recursive: true })
    return SessionStore.open({ file, passphrase })
  } catch (error) {
    if (error instanceof DatabaseUnavailableError) {
      throw new CliError(ExitCode.DatabaseUnavailable, error.message)
    }
    throw error
  }
}
