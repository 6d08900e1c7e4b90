import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('electron', () => import('./fake-electron'))

const fake = await import('./fake-electron')
const { KeychainVault } = await import('./keychain-vault')
const { KeychainError } = await import('./keychain-error')
const { safeStorageCipher } = await import('./secret-cipher')
const { ApiFailure } = await import('../core/service/api-failure')

const secret = 'sk-live-5ecret-passphrase-0123456789'

let dir: string
let file: string

function openVault(platform: NodeJS.Platform = 'linux') {
  return new KeychainVault({ file, cipher: safeStorageCipher(platform) })
}

function thrown(action: () => unknown): unknown {
  try {
    action()
  } catch (error) {
    return error
  }
  throw new Error('expected a throw')
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'keychain-vault-'))
  file = join(dir, 'keychain.json')
  Object.assign(fake.safeStorage, { available: true, backend: 'gnome_libsecret', key: 7 })
})

afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('the keychain vault', () => {
  it('keeps secrets between runs as keychain ciphertext only', () => {
    const vault = openVault()
    expect(vault.protection).toBe('os-keychain')
    expect(vault.read('api-key')).toBeNull()
    vault.write('api-key', secret)
    vault.write('db-passphrase', 'another-secret-value')

    const text = readFileSync(file, 'utf8')
    expect(text).not.toContain(secret)
    expect(text).not.toContain('another-secret-value')
    expect(text).not.toContain(Buffer.from(secret).toString('base64'))
    expect(JSON.parse(text)).toMatchObject({
      version: 1,
      secrets: { 'api-key': { backend: 'gnome_libsecret' } },
    })

    const nextRun = openVault()
    expect(nextRun.read('api-key')).toBe(secret)
    expect(nextRun.read('db-passphrase')).toBe('another-secret-value')
    nextRun.remove('api-key')
    expect(openVault().read('api-key')).toBeNull()
    expect(openVault().read('db-passphrase')).toBe('another-secret-value')
  })

  it('writes the file atomically, readable by the user only', () => {
    openVault().write('api-key', secret)
    expect(readdirSync(dir)).toEqual(['keychain.json'])
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600)
  })

  it("reports Linux's basic_text store as plain text", () => {
    fake.safeStorage.backend = 'basic_text'
    const vault = openVault('linux')
    expect(vault.protection).toBe('plain-text')
    vault.write('api-key', secret)
    expect(readFileSync(file, 'utf8')).not.toContain(secret)
    expect(openVault('darwin').protection).toBe('os-keychain')
  })

  it('keeps secrets in memory only when the keychain cannot encrypt', () => {
    fake.safeStorage.available = false
    const vault = openVault()
    expect(vault.protection).toBe('this-run-only')
    vault.write('api-key', secret)
    vault.write('db-passphrase', 'another-secret-value')
    expect(vault.read('api-key')).toBe(secret)
    vault.remove('api-key')
    expect(vault.read('api-key')).toBeNull()
    expect(readdirSync(dir)).toEqual([])
  })

  it('refuses to read a saved secret it cannot decrypt without a keychain, not null', () => {
    openVault().write('db-passphrase', secret)
    fake.safeStorage.available = false
    const error = thrown(() => openVault().read('db-passphrase'))
    expect(error).toBeInstanceOf(KeychainError)
    expect(error).toMatchObject({ failure: 'keychain-unavailable', secret: 'db-passphrase' })
  })

  it('reports an undecryptable entry as a typed error and keeps it', () => {
    openVault().write('db-passphrase', secret)
    openVault().write('api-key', 'key')
    const saved = readFileSync(file, 'utf8')
    fake.safeStorage.key = 9 // the keychain was reset

    const vault = openVault()
    const error = thrown(() => vault.read('db-passphrase'))
    expect(error).toBeInstanceOf(KeychainError)
    expect(error).toBeInstanceOf(ApiFailure)
    expect(error).toMatchObject({
      failure: 'undecryptable',
      secret: 'db-passphrase',
      code: 'database-key-missing',
    })
    expect((error as Error).message).toMatch(/database passphrase cannot be decrypted/)
    expect((error as Error).message).not.toContain(secret)
    // Reading again still fails: nothing was replaced behind the user's back.
    expect(() => vault.read('db-passphrase')).toThrow(KeychainError)
    expect(readFileSync(file, 'utf8')).toBe(saved)
  })

  it('says the keychain changed when the backend did', () => {
    openVault().write('api-key', secret)
    fake.safeStorage.backend = 'basic_text'
    fake.safeStorage.key = 3
    const error = thrown(() => openVault().read('api-key'))
    expect(error).toMatchObject({ failure: 'undecryptable', code: 'credentials-rejected' })
    expect((error as Error).message).toMatch(/keychain changed.*gnome_libsecret.*basic_text/)
  })

  it('refuses a damaged secrets file instead of starting over', () => {
    writeFileSync(file, '{"version":1,"secrets":{"api-key":')
    const error = thrown(() => openVault())
    expect(error).toBeInstanceOf(KeychainError)
    expect(error).toMatchObject({ failure: 'unreadable-file' })
    expect(existsSync(file)).toBe(true)
  })

  it('fails a write loudly when the keychain refuses it', () => {
    const vault = openVault()
    fake.safeStorage.available = false // went away after the vault opened
    expect(() => {
      vault.write('api-key', secret)
    }).toThrow(KeychainError)
    expect(existsSync(file)).toBe(false)
  })
})
