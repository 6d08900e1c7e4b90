import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { startBrowserModeServer } from '../../server/browser-mode-server'
import { CliError, ExitCode } from '../exit-codes'
import type { CliIo } from '../io'
import { openInBrowser } from '../open-browser'
import { integerOption } from '../options'

export const appUsage =
  'app [--port <n>] [--no-open]   open the app in a local browser (browser mode)'

/** The built renderer sits beside the built CLI: out/main/cli.js → out/renderer. */
const rendererDir = fileURLToPath(new URL('../renderer/', import.meta.url))

/**
 * `call-observer app`: serves the renderer on loopback and prints exactly one line on stdout, the
 * launch URL (token included), so that scripts can drive it. Runs until SIGINT or SIGTERM.
 */
export async function runApp(argv: string[], io: CliIo): Promise<ExitCode> {
  const { values } = parseArgs({
    args: argv,
    options: { port: { type: 'string' }, 'no-open': { type: 'boolean', default: false } },
    strict: true,
  })
  const port = integerOption('port', values.port, 0, 0, 65535)
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new CliError(
      ExitCode.Failure,
      'The app is not built yet: run `npm run build`, then try again.',
    )
  }
  const server = await startBrowserModeServer({ rendererDir, port }).catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code
    throw new CliError(
      ExitCode.Failure,
      code === 'EADDRINUSE'
        ? `Port ${port} is already in use: choose another with --port, or 0 for any free port.`
        : `Browser mode could not start: ${String(error)}`,
    )
  })
  io.stdout(server.launchUrl)
  if (!values['no-open'] && !(await openInBrowser(server.launchUrl))) {
    io.stderr('No browser could be opened from here: open the address above in one.')
  }
  io.stderr('Browser mode is running on 127.0.0.1 only. Press Ctrl+C to stop.')
  await io.stopRequested
  await server.close()
  return ExitCode.Done
}
