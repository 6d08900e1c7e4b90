import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { once } from 'node:events'
import { resolve } from 'node:path'
import type { SpawnAs } from '../core/store/testing/read-only-folder'

// The CLI as a user runs it, from source: a child process, its output and its exit code.

const entry = resolve(import.meta.dirname, 'index.ts')

export interface CliRun {
  child: ChildProcessWithoutNullStreams
  exit: Promise<number | null>
  stdout: () => string
  stderr: () => string
}

/** `as`: how to start it (a test running as root meets real permission checks through it). */
export function startCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  as: SpawnAs = (command, rest) => [command, [...rest]],
): CliRun {
  const [command, argv] = as(process.execPath, ['--import', 'tsx', entry, ...args])
  const child = spawn(command, argv, {
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

export async function runCli(args: string[], env: NodeJS.ProcessEnv = {}, as?: SpawnAs) {
  const run = startCli(args, env, as)
  const code = await run.exit
  return { code, stdout: run.stdout(), stderr: run.stderr() }
}
