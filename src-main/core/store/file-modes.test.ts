import { existsSync, statSync, writeFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SessionStore } from './session-store'
import { observerEvent, PASSPHRASE, tempFolders } from './testing/fixtures'

// The session database holds PHI: only its owner may read it, whatever the umask says.

const folders = tempFolders()
let umask = 0
beforeEach(() => {
  // A permissive umask, as many systems have: without care, new files would be world-readable.
  umask = process.umask(0o022)
})
afterEach(() => {
  process.umask(umask)
  folders.cleanup()
})

const modeOf = (file: string) => statSync(file).mode & 0o777

describe('the session database is private to its owner', () => {
  it('is created 0600, and so are its -wal and -shm', () => {
    const file = folders.file()
    const store = SessionStore.open({ file, passphrase: PASSPHRASE })
    store.append({ events: [observerEvent('user_transcript')], quarantined: [], cursor: null })
    expect(modeOf(file)).toBe(0o600)
    expect(existsSync(`${file}-wal`)).toBe(true)
    expect(modeOf(`${file}-wal`)).toBe(0o600)
    expect(modeOf(`${file}-shm`)).toBe(0o600)
    store.close()
  })

  it('makes an existing empty file 0600 when it becomes a database', () => {
    const file = folders.file()
    writeFileSync(file, '', { mode: 0o644 })
    expect(modeOf(file)).toBe(0o644)
    SessionStore.open({ file, passphrase: PASSPHRASE }).close()
    expect(modeOf(file)).toBe(0o600)
  })
})
