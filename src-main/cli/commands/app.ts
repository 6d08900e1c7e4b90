import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { defaultDataDir } from '../../core/config/data-dir'
import { AppService, RunOnlyVault } from '../../core/service'
import { startBrowserModeServer } from '../../server/browser-mode-server'
import { startDemoPlatform } from '../../simulator/demo-platform'
import { CliError, ExitCode } from '../exit-codes'
import type { CommandHelp } from '../help'
import type { CliIo } from '../io'
import { openInBrowser } from '../open-browser'
import { integerOption } from '../options'
import { DB_KEY_ENV } from '../secrets'

export const appHelp: CommandHelp = {
  usage: 'app [--demo] [--port <n>] [--no-open] [--data-dir <dir>]',
  summary: 'run the app in a local browser (browser mode), on 127.0.0.1 only',
  options: [
    ['--demo', 'start on the demo workspace instead of onboarding'],
    ['--port <n>', 'the port to listen on; 0 (the default) picks a free one'],
    ['--no-open', 'print the address without opening a browser'],
    ['--data-dir <dir>', "the data folder to use (default: the desktop app's)"],
  ],
  notes: [
    'Prints one line on stdout, the launch address with its token, and runs until Ctrl+C.',
    `A real workspace is recorded under the passphrase in ${DB_KEY_ENV}.`,
  ],
}

/** The built renderer sits beside the built CLI: out/main/cli.js → out/renderer. */
const rendererDir = fileURLToPath(new URL('../renderer/', import.meta.url))

/**
 * `call-observer app`: runs the core and serves the renderer on loopback, and prints exactly one
 * line on stdout, the launch URL (token included), so that scripts can drive it. Runs until SIGINT
 * or SIGTERM, then stops recording, committing everything received.
 */
export async function runApp(argv: string[], io: CliIo): Promise<ExitCode> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      'no-open': { type: 'boolean', default: false },
      demo: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
    },
    strict: true,
  })
  const port = integerOption('port', values.port, 0, 0, 65535)
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new CliError(
      ExitCode.Failure,
      'The app is not built yet: run `npm run build`, then try again.',
    )
  }
  const service = await AppService.create({
    dataDir: values['data-dir'] === undefined ? defaultDataDir() : resolve(values['data-dir']),
    vault: new RunOnlyVault(io.env),
    transport: 'browser',
    demoPlatform: () => startDemoPlatform(),
    log: (line) => {
      io.stderr(line)
    },
  })
  const server = await startBrowserModeServer({
    rendererDir,
    port,
    log: (line) => {
      io.stderr(line)
    },
    api: {
      handlers: service.handlers,
      subscribe: (listener) => service.subscribe(listener),
      onUnexpected: (method, error) => {
        io.stderr(`The command ${method} failed unexpectedly: ${describe(error)}`)
      },
    },
  }).catch(async (error: unknown) => {
    await service.close()
    const code = (error as NodeJS.ErrnoException).code
    throw new CliError(
      ExitCode.Failure,
      code === 'EADDRINUSE'
        ? `Port ${port} is already in use: choose another with --port, or 0 for any free port.`
        : `Browser mode could not start: ${String(error)}`,
    )
  })
  if (values.demo) {
    const started = await service.handlers['demo.start'](undefined).catch((error: unknown) => error)
    if (started instanceof Error)
      io.stderr(`The demo workspace could not start: ${started.message}`)
  }
  io.stdout(server.launchUrl)
  if (!values['no-open'] && !(await openInBrowser(server.launchUrl))) {
    io.stderr('No browser could be opened from here: open the address above in one.')
  }
  io.stderr('Browser mode is running on 127.0.0.1 only. Press Ctrl+C to stop.')
  await io.stopRequested
  await server.close()
  await service.close()
  return ExitCode.Done
}

/** An unexpected error's kind and message, for the log: its stack could quote data. */
function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : 'a non-error was thrown'
}
