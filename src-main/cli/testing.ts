import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { once } from 'node:events'
import { resolve } from 'node:path'

// The CLI as a user runs it, from source: a child process, its output and its exit code.

const entry = resolve(import.meta.dirname, 'index.ts')

export interface CliRun {
  child: ChildProcessWithoutNullStreams
  exit: Promise<number | null>
  stdout: () => string
  stderr: () => string
}

export function startCli(args: string[], env: NodeJS.ProcessEnv = {}): CliRun {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
  })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk
  })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
  })
  const exit = once(child, 'exit').then(([code]) => code as number | null)
  return { child, exit, stdout: () => stdout, stderr: () => stderr }
}

export async function runCli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const run = startCli(args, env)
  const code = await run.exit
  return { code, stdout: run.stdout(), stderr: run.stderr() }
}
