import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs'
import { dirname } from 'node:path'
import type { SecretName } from '../core/service/key-vault'
import { KeychainError } from './keychain-error'

/** One saved secret: the keychain's ciphertext, and which keychain made it. */
export interface StoredSecret {
  /** Base64 of `safeStorage.encryptString(value)`; the value itself is never written. */
  data: string
  /** The cipher's backend when it was saved, to say "the keychain changed" when it did. */
  backend: string
}

export type StoredSecrets = Partial<Record<SecretName, StoredSecret>>

interface SecretsFileV1 {
  version: 1
  secrets: StoredSecrets
}

const secretNames: readonly SecretName[] = ['api-key', 'db-passphrase']

function isStoredSecret(value: unknown): value is StoredSecret {
  if (typeof value !== 'object' || value === null) return false
  const { data, backend } = value as Record<string, unknown>
  return typeof data === 'string' && data.length > 0 && typeof backend === 'string'
}

function parse(text: string): StoredSecrets | null {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return null
  }
  if (typeof json !== 'object' || json === null) return null
  const { version, secrets } = json as Record<string, unknown>
  if (version !== 1 || typeof secrets !== 'object' || secrets === null) return null
  const stored: StoredSecrets = {}
  for (const name of secretNames) {
    const entry = (secrets as Record<string, unknown>)[name]
    if (entry === undefined) continue
    if (!isStoredSecret(entry)) return null
    stored[name] = entry
  }
  return stored
}

/**
 * The saved secrets, or none when the file does not exist yet. A file that is not ours is an
 * error, never read as empty: the next save would replace secrets the user still needs.
 */
export function readSecretsFile(file: string): StoredSecrets {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {}
    throw new KeychainError(
      'unreadable-file',
      null,
      `Call Observer cannot read its saved secrets (${file}): ${(error as Error).message}`,
    )
  }
  const stored = parse(text)
  if (stored === null) {
    throw new KeychainError(
      'unreadable-file',
      null,
      `Call Observer's saved secrets (${file}) are damaged. Move the file aside to start over: ` +
        'the workspace key must then be entered again, and existing recordings cannot be opened.',
    )
  }
  return stored
}

/**
 * Saves the secrets atomically (a temporary file, flushed, then renamed over the old one), so a
 * crash leaves either the old file or the new one, and readable by the user only.
 */
export function writeSecretsFile(file: string, secrets: StoredSecrets): void {
  const contents: SecretsFileV1 = { version: 1, secrets }
  const temporary = `${file}.${process.pid}.tmp`
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 })
  rmSync(temporary, { force: true })
  try {
    // 'wx': a new file, so the 0600 mode applies (a mode is ignored for an existing file).
    const fd = openSync(temporary, 'wx', 0o600)
    try {
      writeSync(fd, `${JSON.stringify(contents, null, 2)}\n`)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(temporary, file)
  } catch (error) {
    rmSync(temporary, { force: true })
    throw error
  }
}
