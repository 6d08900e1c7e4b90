import { DatabaseUnavailableError } from '../errors'
import { SessionStore } from '../session-store'

/**
 * Opens a database read-only in a process of its own (which a test may run as another user) and
 * prints one JSON line: the counts and the sessions' keys, or the refusal's reason.
 */
const file = process.env.STORE_READ_FILE
const passphrase = process.env.STORE_READ_KEY
if (file === undefined || passphrase === undefined) throw new Error('file and key are required')

try {
  const store = SessionStore.open({ file, passphrase, mode: 'read' })
  const counts = store.counts()
  const sessions = store.listSessions().map((session) => session.key)
  store.close()
  process.stdout.write(`${JSON.stringify({ counts, sessions })}\n`)
} catch (error) {
  if (!(error instanceof DatabaseUnavailableError)) throw error
  process.stdout.write(`${JSON.stringify({ reason: error.reason, message: error.message })}\n`)
}
