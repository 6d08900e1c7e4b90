import { parseArgs } from 'node:util'
import { DEFAULT_CALLS_PER_MINUTE, DEFAULT_CONCURRENCY } from '../../simulator/scenario'
import { startSimulator } from '../../simulator/simulator'
import { CliError, ExitCode } from '../exit-codes'
import type { CliIo } from '../io'
import { integerOption, positiveNumberOption } from '../options'

export const simulateUsage =
  'simulate [--port <n>] [--seed <s>] [--speed <x>] [--calls-per-minute <n>] [--concurrency <n>]\n' +
  '           [--log-file <file>] [--json]   run the demo platform on 127.0.0.1'

/**
 * `call-observer simulate`: the demo platform as a standalone server. Prints where it is and the
 * demo credentials (with `--json`, exactly one line: `{"baseUrl", "workspaceId", "apiKey"}`), then
 * runs until SIGINT or SIGTERM.
 */
export async function runSimulate(argv: string[], io: CliIo): Promise<ExitCode> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      seed: { type: 'string' },
      speed: { type: 'string' },
      'calls-per-minute': { type: 'string' },
      concurrency: { type: 'string' },
      'log-file': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  })
  const port = integerOption('port', values.port, 0, 0, 65535)
  const simulator = await startSimulator({
    port,
    seed: integerOption('seed', values.seed, 1, 0, 2 ** 31 - 1),
    speed: positiveNumberOption('speed', values.speed, 1),
    callsPerMinute: positiveNumberOption(
      'calls-per-minute',
      values['calls-per-minute'],
      DEFAULT_CALLS_PER_MINUTE,
    ),
    concurrency: integerOption('concurrency', values.concurrency, DEFAULT_CONCURRENCY, 1, 1000),
    log: { memory: false, file: values['log-file'] },
  }).catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code
    throw new CliError(
      ExitCode.Failure,
      code === 'EADDRINUSE'
        ? `Port ${port} is already in use: choose another with --port, or 0 for any free port.`
        : `The simulator could not start: ${String(error)}`,
    )
  })
  const { baseUrl, workspaceId, apiKey } = simulator
  if (values.json) {
    io.stdout(JSON.stringify({ baseUrl, workspaceId, apiKey }))
  } else {
    io.stdout(`Demo platform running at ${baseUrl}`)
    io.stdout(`  workspace id: ${workspaceId}`)
    io.stdout(`  API key:      ${apiKey}   (demo only; it opens nothing else)`)
    io.stdout('Press Ctrl+C to stop.')
  }
  await io.stopRequested
  await simulator.close()
  return ExitCode.Done
}
