import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { describe, expect, it } from 'vitest'
import { authInfoSchema } from '../core/platform/rest'
import { getJson } from '../simulator/testing/raw-clients'
import { runCli, startCli } from './testing'

// The CLI as a user runs it: a child process, its output and its exit code.

async function run(args: string[]) {
  return runCli(args)
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
    const { child, exit } = startCli(['simulate', '--json', '--port', '0', '--speed', '30'])
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
