import { closeSync, createWriteStream, fchmodSync, openSync, type WriteStream } from 'node:fs'

/** One frame the simulator wrote to one connection: what a client should have received. */
export type SentFrame =
  | {
      stream: 'workspace'
      connection: number
      kind: 'event' | 'malformed' | 'control'
      /** The SSE id (`0` on control frames, as the platform sends them). */
      sseId: string
      event: string
      data: string
      /** Sent again because a reconnecting client asked from an older `Last-Event-ID`. */
      replayed: boolean
    }
  | {
      stream: 'observer'
      connection: number
      callSid: string
      type: string
      text: string
    }

export interface FrameLogOptions {
  /** Keep frames in memory for tests to read (default true). */
  memory?: boolean
  /** Also append each frame as a line of JSON to this file (created 0600: it holds PHI). */
  file?: string
}

/**
 * Opens the log for appending. A new file is its owner's only, whatever the umask: the frames
 * carry the scenario's (synthetic) PHI. An existing file keeps the mode its owner gave it.
 */
function openForAppend(file: string): number {
  let fd: number
  try {
    fd = openSync(file, 'ax', 0o600)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    return openSync(file, 'a')
  }
  try {
    fchmodSync(fd, 0o600)
  } catch (error) {
    closeSync(fd)
    throw error
  }
  return fd
}

/** The log of every frame sent, so a test can compare what a client recorded with the truth. */
export class FrameLog {
  readonly #frames: SentFrame[] = []
  readonly #memory: boolean
  readonly #file: WriteStream | null

  constructor(options: FrameLogOptions = {}) {
    this.#memory = options.memory ?? true
    this.#file =
      options.file === undefined
        ? null
        : createWriteStream(options.file, { fd: openForAppend(options.file), flags: 'a' })
  }

  record(frame: SentFrame): void {
    if (this.#memory) this.#frames.push(frame)
    this.#file?.write(`${JSON.stringify(frame)}\n`)
  }

  /** Flushes and closes the log file, if any. */
  close(): Promise<void> {
    const file = this.#file
    if (!file) return Promise.resolve()
    return new Promise((resolve) => file.end(resolve))
  }

  get frames(): readonly SentFrame[] {
    return this.#frames
  }
}
