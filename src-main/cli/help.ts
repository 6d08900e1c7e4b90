/**
 * What `call-observer <command> --help` prints. Each command keeps its own next to its code, so
 * that an option and its explanation change together.
 */
export interface CommandHelp {
  /** The synopsis after `call-observer`, e.g. `sessions [--db <file>] [--json]`. */
  usage: string
  /** What the command does, in one line (also its line in the overview). */
  summary: string
  /** Each option and what it does, one line each. `-h, --help` is added. */
  options: readonly (readonly [flag: string, meaning: string])[]
  /** Anything else worth a line: environment variables, what goes to stdout, examples. */
  notes?: readonly string[]
}

const HELP_OPTION = ['-h, --help', 'show this help and exit'] as const

function columns(rows: readonly (readonly [string, string])[], indent = '  '): string[] {
  const width = Math.max(...rows.map(([left]) => left.length))
  return rows.map(([left, right]) => `${indent}${left.padEnd(width)}   ${right}`)
}

/** A command's help: usage, what it does, every option with its meaning, then any notes. */
export function formatCommandHelp(help: CommandHelp): string {
  const lines = [`Usage: call-observer ${help.usage}`, '', help.summary, '', 'Options:']
  lines.push(...columns([...help.options, HELP_OPTION]))
  if (help.notes && help.notes.length > 0) lines.push('', ...help.notes)
  return lines.join('\n')
}

/** The overview: one line per command, and where to find more. */
export function formatOverview(commands: readonly (readonly [string, CommandHelp])[]): string {
  return [
    'Usage: call-observer <command> [options]',
    '',
    'Commands:',
    ...columns([
      ...commands.map(([name, help]) => [name, help.summary] as const),
      ['help [<command>]', 'show this help, or the help of one command'],
    ]),
    '',
    "Run `call-observer <command> --help` for a command's options.",
    'Secrets come from the environment only: CALL_OBSERVER_API_KEY (the workspace API key) and',
    'CALL_OBSERVER_DB_KEY (the session database passphrase).',
    'Exit codes: 0 done, 1 unexpected failure, 2 usage error, 3 credentials rejected by the',
    'platform, 4 the database could not be opened.',
  ].join('\n')
}
