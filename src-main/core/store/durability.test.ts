import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { SessionStore } from './session-store'
import { PASSPHRASE, tempFolders } from './testing/fixtures'

const folders = tempFolders()
afterAll(() => {
  folders.cleanup()
})

const child = fileURLToPath(new URL('./testing/crash-child.ts', import.meta.url))

/** Runs the writer child until it has reported `atLeast` stored events, then kill -9s it. */
function runAndKill(file: string, atLeast: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child], {
      env: { ...process.env, STORE_CRASH_FILE: file, STORE_CRASH_KEY: PASSPHRASE },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let reported = 0
    let buffered = ''
    let stderr = ''
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    proc.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString()
      const lines = buffered.split('\n')
      buffered = lines.pop() ?? ''
      for (const line of lines) reported = Math.max(reported, Number(line))
      if (reported >= atLeast) proc.kill('SIGKILL')
    })
    proc.on('exit', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(reported)
      else reject(new Error(`the writer exited on its own: ${stderr}`))
    })
  })
}

describe('durability', () => {
  it('after kill -9 at random moments the file is sound and holds every reported event', async () => {
    const file = folders.file()
    let previous = 0
    for (let round = 0; round < 5; round++) {
      const reported = await runAndKill(file, previous + 500 + Math.floor(Math.random() * 4000))
      const store = SessionStore.open({ file, passphrase: PASSPHRASE })
      try {
        expect(store.integrityCheck()).toEqual(['ok'])
        const stored = store.counts().events
        expect(stored).toBeGreaterThanOrEqual(reported)
        previous = stored
      } finally {
        store.close()
      }
    }
  }, 60_000)
})
