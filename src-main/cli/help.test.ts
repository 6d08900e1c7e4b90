import { describe, expect, it } from 'vitest'
import { runCli } from './testing'

// Every command explains itself: `--help` or `-h` anywhere on its line prints its usage, one line
// per option, and exits 0, whatever else is there.

const commands: Readonly<Record<string, readonly string[]>> = {
  record: [
    '--workspace',
    '--base-url',
    '--demo',
    '--db',
    '--observe',
    '--for',
    '--keep-days',
    '--max-frame-bytes',
  ],
  sessions: ['--db', '--json'],
  export: ['--db', '--session', '--all', '--format', '--include-phi', '--out'],
  app: ['--demo', '--port', '--no-open', '--data-dir'],
  simulate: ['--port', '--seed', '--speed', '--log-file', '--json', '--malformed-every'],
}

describe('call-observer <command> --help', () => {
  it.each(Object.entries(commands))(
    '%s --help prints its usage and every option',
    async (name, options) => {
      const { code, stdout, stderr } = await runCli([name, '--help'])
      expect(code).toBe(0)
      expect(stderr).toBe('')
      expect(stdout).toMatch(new RegExp(`^Usage: call-observer ${name} `))
      const lines = stdout.split('\n')
      for (const option of [...options, '--help']) {
        // Each option on a line of its own, with words after it saying what it does.
        expect(
          lines.some((line) => new RegExp(`^ {2}(-h, )?${option}\\b.*\\s{3}\\w`).test(line)),
        ).toBe(true)
      }
    },
  )

  it.each([
    [['export', '-h']],
    [['export', '--all', '--out', '-', '--help']],
    [['simulate', '--colour', 'green', '-h']], // an unknown option: help still wins
    [['sessions', '--db', '/no/such/file', '--help']], // nothing is opened
    [['help', 'export']],
  ])("%j prints that command's help and exits 0", async (args) => {
    const { code, stdout } = await runCli(args)
    expect(code).toBe(0)
    expect(stdout).toMatch(/^Usage: call-observer (export|simulate|sessions) /)
  })

  it('treats -h after "--" as an argument, not a request for help', async () => {
    const { code, stderr } = await runCli(['sessions', '--', '-h'])
    expect(code).toBe(2)
    expect(stderr).toMatch(/\(see: call-observer sessions --help\)/)
  })

  it('lists every command in the overview', async () => {
    const { code, stdout } = await runCli(['--help'])
    expect(code).toBe(0)
    for (const name of Object.keys(commands))
      expect(stdout).toMatch(new RegExp(`^ {2}${name} `, 'm'))
  })
})
