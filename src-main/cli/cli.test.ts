import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { describe, expect, it } from 'vitest'
import { authInfoSchema } from '../core/platform/rest-schemas'
import { getJson } from '../simulator/testing/raw-clients'

// The CLI as a user runs it: a child process, its output and its exit code.

const entry = resolve(import.meta.dirname, 'index.ts')

function cli(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
  })
  const exit = once(child, 'exit').then(([code]) => code as number | null)
  return { child, exit, stderr: () => stderr }
}

async function run(args: string[]) {
  const { child, exit, stderr } = cli(args)
  let stdout = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk
  })
  const code = await exit
  return { code, stdout, stderr: stderr() }
}

describe('call-observer CLI', () => {
  it('prints its usage for help, with exit 0', async () => {
    const { code, stdout } = await run(['help'])
    expect(code).toBe(0)
    expect(stdout).toContain('simulate')
  })

  it.each([
    [['frobnicate'], 'Unknown command "frobnicate"'],
    [['simulate', '--speed', 'fast'], '--speed must be a number greater than 0, not "fast"'],
    [['simulate', '--port', '70000'], '--port must be a whole number from 0 to 65535'],
    [['simulate', '--colour'], "Unknown option '--colour'"],
  ])('exits 2 with one line on stderr for a usage error: %j', async (args, message) => {
    const { code, stdout, stderr } = await run(args)
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr.trim().split('\n')).toHaveLength(1)
    expect(stderr).toContain(message)
  })

  it('simulate --json prints exactly one line a script can use, and stops cleanly on SIGTERM', async () => {
    const { child, exit } = cli(['simulate', '--json', '--port', '0', '--speed', '30'])
    const lines = createInterface({ input: child.stdout })
    const [first] = (await once(lines, 'line')) as [string]
    const { baseUrl, workspaceId, apiKey } = JSON.parse(first) as Record<string, string>
    expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const me = await getJson(baseUrl ?? '', '/v1/auth/me', { Authorization: `Bearer ${apiKey}` })
    expect(authInfoSchema.parse(me.body).workspace_id).toBe(workspaceId)
    let more = ''
    lines.on('line', (line) => {
      more += line
    })
    child.kill('SIGTERM')
    expect(await exit).toBe(0)
    expect(more).toBe('')
  })
})
