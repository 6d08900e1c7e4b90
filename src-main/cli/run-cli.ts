import { appUsage, runApp } from './commands/app'
import { exportUsage, runExport } from './commands/export'
import { recordUsage, runRecord } from './commands/record'
import { runSessions, sessionsUsage } from './commands/sessions'
import { runSimulate, simulateUsage } from './commands/simulate'
import { CliError, ExitCode, usageError } from './exit-codes'
import type { CliIo } from './io'

const usage = [
  'Usage: call-observer <command> [options]',
  '',
  'Commands:',
  `  ${recordUsage}`,
  `  ${sessionsUsage}`,
  `  ${exportUsage}`,
  `  ${appUsage}`,
  `  ${simulateUsage}`,
  '  help                           show this help',
].join('\n')

type Command = (argv: string[], io: CliIo) => Promise<ExitCode>

function showHelp(_argv: string[], io: CliIo): Promise<ExitCode> {
  io.stdout(usage)
  return Promise.resolve(ExitCode.Done)
}

const commands: Readonly<Record<string, Command>> = {
  record: runRecord,
  sessions: runSessions,
  export: runExport,
  app: runApp,
  simulate: runSimulate,
  help: showHelp,
}

/** Runs one CLI invocation and returns its exit code; every failure is one line on stderr. */
export async function runCli(argv: string[], io: CliIo): Promise<ExitCode> {
  const [name, ...rest] = argv
  try {
    if (name === undefined || name === '--help' || name === '-h') return await showHelp([], io)
    const command = commands[name]
    if (!command) throw usageError(`Unknown command "${name}"`)
    return await command(rest, io)
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr(error.message)
      return error.exitCode
    }
    // parseArgs reports unknown or malformed options with this code; they are usage errors.
    if ((error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS') === true) {
      io.stderr(usageError((error as Error).message).message)
      return ExitCode.Usage
    }
    io.stderr(
      `Call Observer failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`,
    )
    return ExitCode.Failure
  }
}
