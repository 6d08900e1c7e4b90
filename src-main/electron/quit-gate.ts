import type { App } from 'electron'
import type { Shell } from './start-shell'

export interface QuitGateOptions {
  app: Pick<App, 'on' | 'quit'>
  /** The shell to close, once started; null when it never started. */
  shell: Promise<Shell | null>
  log: (line: string) => void
  /** How long a close may take before the app quits anyway (a hung close must not trap it). */
  timeoutMs?: number
}

function delay(ms: number): Promise<'timeout'> {
  return new Promise((resolve) => {
    setTimeout(() => {
      resolve('timeout')
    }, ms).unref()
  })
}

/**
 * Holds the first quit until the shell has closed, so everything received is recorded: the quit is
 * cancelled, the service closes (waiting for a start still under way), then the app quits again.
 */
export function closeBeforeQuit(options: QuitGateOptions): void {
  const { app, shell, log, timeoutMs = 10_000 } = options
  let state: 'running' | 'closing' | 'closed' = 'running'

  async function close(): Promise<void> {
    try {
      const running = await shell
      if (running && (await Promise.race([running.close(), delay(timeoutMs)])) === 'timeout') {
        log(`closing took over ${timeoutMs} ms; quitting anyway`)
      }
    } catch (error) {
      log(`closing failed: ${error instanceof Error ? error.name : typeof error}`)
    }
    state = 'closed'
    app.quit()
  }

  app.on('before-quit', (event) => {
    if (state === 'closed') return
    event.preventDefault()
    if (state === 'running') {
      state = 'closing'
      void close()
    }
  })
}
