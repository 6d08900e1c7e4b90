import { statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { DEFAULT_CALLS_PER_MINUTE, DEFAULT_CONCURRENCY } from '../../simulator/scenario'
import { startSimulator, type Simulator } from '../../simulator/simulator'
import { CliError, ExitCode, usageError } from '../exit-codes'
import type { CommandHelp } from '../help'
import type { CliIo } from '../io'
import { integerOption, positiveNumberOption } from '../options'
import {
  describeFaults,
  faultHelp,
  faultOptions,
  faultsJson,
  parseFaults,
  type Outage,
} from './simulate-faults'

export const simulateHelp: CommandHelp = {
  usage:
    'simulate [--port <n>] [--seed <s>] [--speed <x>] [--calls-per-minute <n>]\n' +
    '         [--concurrency <n>] [--log-file <file>] [--json] [fault options]',
  summary: 'run the demo platform on 127.0.0.1, optionally misbehaving, to test a client',
  options: [
    ['--port <n>', 'the port to listen on; 0 (the default) picks a free one'],
    ['--seed <s>', 'the scenario seed: the same seed plays the same calls (default 1)'],
    ['--speed <x>', 'simulated seconds per real second (default 1; 60 plays an hour a minute)'],
    ['--calls-per-minute <n>', `how often calls arrive (default ${DEFAULT_CALLS_PER_MINUTE})`],
    ['--concurrency <n>', `how many calls at most at once (default ${DEFAULT_CONCURRENCY})`],
    ['--log-file <file>', 'append every frame sent as a JSON line (created 0600: synthetic PHI)'],
    ['--json', 'print exactly one JSON line on stdout: baseUrl, workspaceId, apiKey, faults'],
    ...faultHelp,
  ],
  notes: ['Runs until Ctrl+C or SIGTERM, then exits 0. The demo API key opens nothing else.'],
}

/** The log file's folder must exist: checked before anything starts, like export's --out. */
function checkLogFile(file: string | undefined): void {
  if (file === undefined) return
  const folder = dirname(resolve(file))
  let isFolder = false
  try {
    isFolder = statSync(folder).isDirectory()
  } catch {
    // reported below
  }
  if (!isFolder) {
    throw usageError(
      `The folder ${folder} for --log-file does not exist: create it, or choose another`,
    )
  }
}

/** Starts an outage every `everySeconds` (wall time) until stopped. */
function scheduleOutages(simulator: Simulator, outage: Outage | null): () => void {
  if (outage === null) return () => undefined
  const timer = setInterval(() => {
    simulator.interruptStreams(outage.forSeconds * 1000, outage.kind)
  }, outage.everySeconds * 1000)
  return () => {
    clearInterval(timer)
  }
}

/**
 * `call-observer simulate`: the demo platform as a standalone server. Prints where it is and the
 * demo credentials (with `--json`, exactly one line: `{"baseUrl", "workspaceId", "apiKey",
 * "faults"}`), then runs until SIGINT or SIGTERM.
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
      ...faultOptions,
    },
    strict: true,
  })
  const port = integerOption('port', values.port, 0, 0, 65535)
  const seed = integerOption('seed', values.seed, 1, 0, 2 ** 31 - 1)
  const speed = positiveNumberOption('speed', values.speed, 1)
  const callsPerMinute = positiveNumberOption(
    'calls-per-minute',
    values['calls-per-minute'],
    DEFAULT_CALLS_PER_MINUTE,
  )
  const concurrency = integerOption('concurrency', values.concurrency, DEFAULT_CONCURRENCY, 1, 1000)
  const simulated = parseFaults(values)
  checkLogFile(values['log-file'])
  const simulator = await startSimulator({
    port,
    seed,
    speed,
    callsPerMinute,
    concurrency,
    log: { memory: false, file: values['log-file'] },
    faults: simulated.faults,
    nestedObserverEnvelope: simulated.nestedObserverEnvelope,
  }).catch((error: unknown) => {
    const { code, path } = error as NodeJS.ErrnoException
    throw new CliError(
      ExitCode.Failure,
      code === 'EADDRINUSE'
        ? `Port ${port} is already in use: choose another with --port, or 0 for any free port.`
        : path !== undefined
          ? `The simulator could not open ${path} (${code ?? 'error'}): choose another --log-file.`
          : `The simulator could not start: ${String(error)}`,
    )
  })
  const stopOutages = scheduleOutages(simulator, simulated.outage)
  const { baseUrl, workspaceId, apiKey } = simulator
  if (values.json) {
    io.stdout(JSON.stringify({ baseUrl, workspaceId, apiKey, faults: faultsJson(simulated) }))
  } else {
    io.stdout(`Demo platform running at ${baseUrl}`)
    io.stdout(`  workspace id: ${workspaceId}`)
    io.stdout(`  API key:      ${apiKey}   (demo only; it opens nothing else)`)
    const faults = describeFaults(simulated)
    if (faults !== null) io.stdout(`  faults:       ${faults}`)
    io.stdout('Press Ctrl+C to stop.')
  }
  await io.stopRequested
  stopOutages()
  await simulator.close()
  return ExitCode.Done
}
