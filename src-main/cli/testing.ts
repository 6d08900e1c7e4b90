import { spawn, type ChildProcessWithoutNullStreams, type SpawnOptions } from 'node:child_process'
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

/** `as`: run as another user (a test running as root uses it to meet real permission checks). */
export function startCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  as: Pick<SpawnOptions, 'uid' | 'gid'> = {},
): CliRun {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    ...as,
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

export async function runCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  as: Pick<SpawnOptions, 'uid' | 'gid'> = {},
) {
  const run = startCli(args, env, as)
  const code = await run.exit
  return { code, stdout: run.stdout(), stderr: run.stderr() }
}
