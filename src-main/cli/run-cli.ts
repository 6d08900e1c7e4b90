import { appHelp, runApp } from './commands/app'
import { exportHelp, runExport } from './commands/export'
import { recordHelp, runRecord } from './commands/record'
import { runSessions, sessionsHelp } from './commands/sessions'
import { runSimulate, simulateHelp } from './commands/simulate'
import { CliError, ExitCode, usageError } from './exit-codes'
import { formatCommandHelp, formatOverview, type CommandHelp } from './help'
import type { CliIo } from './io'

interface Command {
  run: (argv: string[], io: CliIo) => Promise<ExitCode>
  help: CommandHelp
}

const commands: Readonly<Record<string, Command>> = {
  record: { run: runRecord, help: recordHelp },
  sessions: { run: runSessions, help: sessionsHelp },
  export: { run: runExport, help: exportHelp },
  app: { run: runApp, help: appHelp },
  simulate: { run: runSimulate, help: simulateHelp },
}

const overview = formatOverview(Object.entries(commands).map(([name, { help }]) => [name, help]))

/** `--help` or `-h` anywhere among a command's arguments (before a `--` that ends options). */
function asksForHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--')
  const options = end === -1 ? argv : argv.slice(0, end)
  return options.includes('--help') || options.includes('-h')
}

/** `help`, `help <command>`: the overview or one command's help. */
function showHelp(argv: readonly string[], io: CliIo): ExitCode {
  const [topic] = argv
  if (topic === undefined) {
    io.stdout(overview)
    return ExitCode.Done
  }
  const command = commands[topic]
  if (!command) throw usageError(`There is no command "${topic}"`)
  io.stdout(formatCommandHelp(command.help))
  return ExitCode.Done
}

/** Runs one CLI invocation and returns its exit code; every failure is one line on stderr. */
export async function runCli(argv: string[], io: CliIo): Promise<ExitCode> {
  const [name, ...rest] = argv
  const command = name === undefined ? undefined : commands[name]
  // Where a usage error sends the user: the command's own help when there is a command.
  const hint = command ? `call-observer ${name ?? ''} --help` : 'call-observer help'
  try {
    if (name === undefined || name === '--help' || name === '-h') return showHelp([], io)
    if (name === 'help') return showHelp(rest, io)
    if (!command) throw usageError(`Unknown command "${name}"`)
    // Help wins over everything else on the line, checked here once for every command.
    if (asksForHelp(rest)) {
      io.stdout(formatCommandHelp(command.help))
      return ExitCode.Done
    }
    return await command.run(rest, io)
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr(
        error.exitCode === ExitCode.Usage ? `${error.message} (see: ${hint})` : error.message,
      )
      return error.exitCode
    }
    // parseArgs reports unknown or malformed options with this code; they are usage errors.
    if ((error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS') === true) {
      io.stderr(`${(error as Error).message} (see: ${hint})`)
      return ExitCode.Usage
    }
    io.stderr(
      `Call Observer failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`,
    )
    return ExitCode.Failure
  }
}
