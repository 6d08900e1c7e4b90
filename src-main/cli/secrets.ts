import { usageError } from './exit-codes'

/** The environment variables secrets come from: never the command line, where `ps` shows them. */
export const API_KEY_ENV = 'CALL_OBSERVER_API_KEY'
export const DB_KEY_ENV = 'CALL_OBSERVER_DB_KEY'

export function requireSecret(env: NodeJS.ProcessEnv, name: string, what: string): string {
  const value = env[name]
  if (value === undefined || value === '') {
    throw usageError(`Set ${name} to ${what} (secrets are read from the environment only)`)
  }
  return value
}
