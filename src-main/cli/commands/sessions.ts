import { parseArgs } from 'node:util'
import { defaultDatabaseFile } from '../../core/config/data-dir'
import type { SessionSummary } from '../../core/store'
import { ExitCode } from '../exit-codes'
import type { CommandHelp } from '../help'
import type { CliIo } from '../io'
import { openStoreForCli } from '../open-store'
import { plural } from '../progress'
import { DB_KEY_ENV, requireSecret } from '../secrets'

export const sessionsHelp: CommandHelp = {
  usage: 'sessions [--db <file>] [--json]',
  summary: 'list the recorded sessions, newest first (no PHI in the table)',
  options: [
    ['--db <file>', 'the session database (default: sessions.db in the data folder)'],
    ['--json', 'print the sessions as one JSON array on stdout, for scripts'],
  ],
  notes: [
    `The database passphrase comes from ${DB_KEY_ENV}. The database is only read, never changed.`,
  ],
}

function duration(seconds: number | null): string {
  if (seconds === null) return 'live'
  const s = Math.round(seconds)
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`
}

/** A table for people: no PHI (caller numbers and transcripts stay in the database). */
function table(sessions: readonly SessionSummary[]): string[] {
  const rows = sessions.map((session) => [
    new Date(session.startedAt).toISOString().replace('T', ' ').slice(0, 19),
    session.kind,
    session.key,
    session.direction ?? session.channel ?? '',
    duration(session.durationS),
    String(session.turns),
    session.completionReason ?? (session.endedAt === null ? 'in progress' : ''),
    session.escalated ? 'escalated' : '',
    session.latencyP50Ms === null ? '' : `${Math.round(session.latencyP50Ms)} ms`,
  ])
  const header = [
    'started (UTC)',
    'kind',
    'session',
    'direction',
    'length',
    'turns',
    'outcome',
    '',
    'p50 latency',
  ]
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  )
  return [header, ...rows].map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd(),
  )
}

/** `call-observer sessions`: the recorded sessions, as a table or (with `--json`) as JSON. */
export function runSessions(argv: string[], io: CliIo): Promise<ExitCode> {
  const { values } = parseArgs({
    args: argv,
    options: { db: { type: 'string' }, json: { type: 'boolean', default: false } },
    strict: true,
  })
  const passphrase = requireSecret(io.env, DB_KEY_ENV, 'the session database passphrase')
  const store = openStoreForCli(values.db ?? defaultDatabaseFile(), passphrase, 'read')
  try {
    const sessions = store.listSessions({ limit: Number.MAX_SAFE_INTEGER })
    if (values.json) io.stdout(JSON.stringify(sessions))
    else if (sessions.length === 0) io.stderr('No sessions recorded yet.')
    else {
      for (const line of table(sessions)) io.stdout(line)
      io.stderr(`${plural(sessions.length, 'session')}, newest first.`)
    }
    return Promise.resolve(ExitCode.Done)
  } finally {
    store.close()
  }
}
