import { existsSync } from 'node:fs'
import { dirname } from 'node:path'
import { ensurePrivateFolder } from '../core/config/data-dir'
import { DatabaseUnavailableError, SessionStore } from '../core/store'
import { CliError, ExitCode } from './exit-codes'

/**
 * Opens the session database for a command, mapping every failure to exit code 4. Reading
 * commands open it read-only: they never create, migrate or change a database (a mistyped path
 * must not leave an empty one behind), and they work in a folder the user cannot write.
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
  if (mode === 'record') {
    try {
      ensurePrivateFolder(dirname(file))
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unknown error'
      throw new CliError(
        ExitCode.DatabaseUnavailable,
        `Cannot create the folder ${dirname(file)} for the database (${code}): check its ` +
          `permissions, or name another file with --db.`,
      )
    }
  }
  try {
    return SessionStore.open({ file, passphrase, mode: mode === 'read' ? 'read' : 'write' })
  } catch (error) {
    if (error instanceof DatabaseUnavailableError) {
      throw new CliError(ExitCode.DatabaseUnavailable, error.message)
    }
    throw error
  }
}
