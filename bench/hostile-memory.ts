import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { startHostilePlatform } from '../src-main/core/platform/testing/hostile-platform'

// The recorder's peak resident memory while a 64 MB SSE line goes by (with the hostile test's
// other frames: 5,000-level nesting, a 5 MB payload, invalid UTF-8), beside the same stream whose
// long line is only just over the 1 MiB frame limit: what the long line itself costs. The
// recorder is the built CLI, in a process of its own, sampled from /proc every 10 ms.

const RSS_LIMIT_MB = 300
const cli = resolve(import.meta.dirname, '..', 'bin', 'call-observer.js')

function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024
  } catch {
    return 0
  }
}

/** Records the hostile platform until every frame is stored or quarantined; the peak RSS. */
async function peakWhileRecording(hugeLineBytes: number): Promise<number> {
  const platform = await startHostilePlatform({ hugeLineBytes })
  const dir = mkdtempSync(join(tmpdir(), 'co-bench-hostile-'))
  try {
    const child = spawn(
      process.execPath,
      [
        cli,
        'record',
        '--workspace',
        platform.workspaceId,
        '--base-url',
        platform.baseUrl,
        '--db',
        join(dir, 'sessions.db'),
        '--observe',
        'off',
        '--json-progress',
        '--quiet',
      ],
      {
        env: {
          PATH: process.env.PATH,
          CALL_OBSERVER_API_KEY: platform.apiKey,
          CALL_OBSERVER_DB_KEY: 'bench passphrase',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    )
    let peak = 0
    const sampler = setInterval(() => {
      if (child.pid !== undefined) peak = Math.max(peak, rssMb(child.pid))
    }, 10)
    let output = ''
    const done = new Promise<void>((resolveDone) => {
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        output += chunk
        const last = output.trim().split('\n').at(-1) ?? '{}'
        const progress = JSON.parse(last) as { stored?: number; quarantined?: number }
        const frames = (progress.stored ?? 0) + (progress.quarantined ?? 0)
        if (frames >= platform.good.length + platform.hostile.length) resolveDone()
      })
    })
    await done
    clearInterval(sampler)
    child.kill('SIGTERM')
    await once(child, 'exit')
    return peak
  } finally {
    await platform.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

export async function benchHostileMemory(): Promise<boolean> {
  const baseline = await peakWhileRecording(1024 * 1024 + 1)
  const peak = await peakWhileRecording(64 * 1024 * 1024)
  const ok = peak < RSS_LIMIT_MB
  console.log(
    `recorder peak resident memory while a 64 MB line goes by: ${Math.round(peak)} MB | ` +
      `baseline (the same stream, its long line just over the 1 MiB limit): ` +
      `${Math.round(baseline)} MB | ${(peak / baseline).toFixed(2)}x baseline | ` +
      `goal < ${RSS_LIMIT_MB} MB: ${ok ? 'met' : 'MISSED'}`,
  )
  return ok
}
