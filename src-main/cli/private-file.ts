import { randomBytes } from 'node:crypto'
import { open, rename, rm, type FileHandle } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

/** Bytes gathered before a write: few system calls, and only this much held in memory. */
const CHUNK_BYTES = 256 * 1024

/**
 * A file written as a whole or not at all, readable by its owner only (it may hold PHI): the text
 * goes to a temporary file (mode 0600, whatever the umask) in the target's folder, which is
 * flushed to disk and renamed over the target only once everything is in it. Until then the
 * target is untouched, and a failed or stopped write leaves nothing behind.
 */
export class PrivateFile {
  readonly #handle: FileHandle
  readonly #temporary: string
  readonly #target: string
  #pending: string[] = []
  #pendingBytes = 0

  private constructor(handle: FileHandle, temporary: string, target: string) {
    this.#handle = handle
    this.#temporary = temporary
    this.#target = target
  }

  static async create(target: string): Promise<PrivateFile> {
    // A dot file beside the target: the same file system, so the rename is atomic.
    const temporary = join(
      dirname(target),
      `.${basename(target)}.${randomBytes(6).toString('hex')}.partial`,
    )
    const handle = await open(temporary, 'wx', 0o600)
    try {
      await handle.chmod(0o600)
    } catch (error) {
      await handle.close()
      await rm(temporary, { force: true })
      throw error
    }
    return new PrivateFile(handle, temporary, target)
  }

  async write(text: string): Promise<void> {
    this.#pending.push(text)
    this.#pendingBytes += text.length
    if (this.#pendingBytes >= CHUNK_BYTES) await this.#flush()
  }

  /** Everything written reaches the disk, then the file takes the target's name. */
  async commit(): Promise<void> {
    await this.#flush()
    await this.#handle.sync()
    await this.#handle.close()
    await rename(this.#temporary, this.#target)
  }

  /** Drops what was written; the target is left as it was. Never throws. */
  async discard(): Promise<void> {
    await this.#handle.close().catch(() => undefined)
    await rm(this.#temporary, { force: true }).catch(() => undefined)
  }

  async #flush(): Promise<void> {
    if (this.#pending.length === 0) return
    const text = this.#pending.join('')
    this.#pending = []
    this.#pendingBytes = 0
    await this.#handle.writeFile(text, 'utf8')
  }
}
