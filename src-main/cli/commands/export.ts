import { once } from 'node:events'
import { accessSync, constants, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { defaultDatabaseFile } from '../../core/config/data-dir'
import { toNdjsonLine } from '../../core/export/ndjson'
import { DatabaseUnavailableError, type SessionStore } from '../../core/store'
import { CliError, ExitCode, usageError } from '../exit-codes'
import type { CommandHelp } from '../help'
import type { CliIo } from '../io'
import { openStoreForCli } from '../open-store'
import { PrivateFile } from '../private-file'
import { plural } from '../progress'
import { DB_KEY_ENV, requireSecret } from '../secrets'

export const exportHelp: CommandHelp = {
  usage:
    'export [--db <file>] (--session <id> | --all) --format ndjson [--include-phi]\n' +
    '         --out <file|->',
  summary: 'export recorded events as NDJSON, PHI redacted unless --include-phi',
  options: [
    ['--db <file>', 'the session database (default: sessions.db in the data folder)'],
    ['--session <id>', 'export one session: a call SID, or a text session id'],
    ['--all', 'export every session, in recorded order'],
    ['--format ndjson', 'the format; json, csv, md and html are planned'],
    ['--include-phi', 'keep protected health information instead of "[REDACTED]"'],
    ['--out <file|->', 'where to write (created 0600, complete or not at all); - for stdout'],
  ],
  notes: [
    `The database passphrase comes from ${DB_KEY_ENV}. The database is only read, never changed.`,
  ],
}

const PLANNED_FORMATS = ['json', 'csv', 'md', 'html']

/** Where the export's lines go: stdout as they come, or a file that appears only when complete. */
interface Sink {
  write(line: string): Promise<void>
  finish(): Promise<void>
  abandon(): Promise<void>
}

/** Writes with backpressure, so exporting millions of events holds only a page in memory. */
function stdoutSink(): Sink {
  return {
    write: async (line) => {
      if (!process.stdout.write(line)) await once(process.stdout, 'drain')
    },
    finish: () => Promise.resolve(),
    abandon: () => Promise.resolve(),
  }
}

/**
 * Checks that `--out` names a file in a folder that exists and can be written, before the
 * database is even opened: a typo must cost a second, not a whole export.
 */
function checkOutput(out: string): string {
  const target = resolve(out)
  const folder = dirname(target)
  let isFolder: boolean
  try {
    isFolder = statSync(folder).isDirectory()
  } catch {
    throw usageError(`The folder ${folder} for --out does not exist: create it, or choose another`)
  }
  if (!isFolder) throw usageError(`--out ${out}: ${folder} is not a folder`)
  try {
    if (statSync(target).isDirectory()) {
      throw usageError(`--out ${out} is a folder: name a file in it, such as ${out}/export.ndjson`)
    }
  } catch (error) {
    if (error instanceof CliError) throw error
    // No such file yet: it will be created.
  }
  try {
    accessSync(folder, constants.W_OK)
  } catch {
    throw usageError(`Cannot write to the folder ${folder}: choose another --out`)
  }
  return target
}

/** A write failure in one line that says what to do; the target was not written. */
function writeFailure(error: unknown, out: string): CliError {
  const code = (error as NodeJS.ErrnoException).code
  const folder = dirname(resolve(out))
  const reason =
    code === 'ENOSPC' || code === 'EDQUOT'
      ? `the disk that holds ${folder} is full: free some space and export again`
      : code === 'EACCES' || code === 'EPERM'
        ? `permission to write in ${folder} was refused: choose another --out`
        : code === 'EROFS'
          ? `${folder} is on a read-only file system: choose another --out`
          : `writing in ${folder} failed (${code ?? String(error)}): check the disk and export again`
  return new CliError(ExitCode.Failure, `The export was not written to ${out}: ${reason}.`)
}

/**
 * `call-observer export`: events in recorded order, one NDJSON line each (README, "Export"), for
 * one session or all. PHI fields are `"[REDACTED]"` unless `--include-phi` is given.
 */
export async function runExport(argv: string[], io: CliIo): Promise<ExitCode> {
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string' },
      session: { type: 'string' },
      all: { type: 'boolean', default: false },
      format: { type: 'string' },
      'include-phi': { type: 'boolean', default: false },
      out: { type: 'string' },
    },
    strict: true,
  })
  if ((values.session === undefined) === !values.all) {
    throw usageError('Choose what to export: --session <id> or --all')
  }
  if (values.format !== 'ndjson') {
    throw usageError(
      values.format !== undefined && PLANNED_FORMATS.includes(values.format)
        ? `--format ${values.format} is not available yet; use --format ndjson`
        : '--format must be ndjson',
    )
  }
  const out = values.out
  if (out === undefined)
    throw usageError('Say where to write with --out <file>, or --out - for stdout')
  const target = out === '-' ? null : checkOutput(out)
  const passphrase = requireSecret(io.env, DB_KEY_ENV, 'the session database passphrase')
  const store = openStoreForCli(values.db ?? defaultDatabaseFile(), passphrase, 'read')
  try {
    if (values.session !== undefined && store.session(values.session) === undefined) {
      throw new CliError(
        ExitCode.Failure,
        `No session ${values.session} in this database: see \`call-observer sessions\`.`,
      )
    }
    const includePhi = values['include-phi']
    let sink: Sink
    try {
      sink = target === null ? stdoutSink() : await PrivateFile.create(target).then(fileSink)
    } catch (error) {
      throw writeFailure(error, out)
    }
    let stopped = false
    void io.stopRequested.then(() => {
      stopped = true
    })
    const lines = await writeEvents(store, values.session, includePhi, sink, () => stopped).catch(
      async (error: unknown) => {
        await sink.abandon()
        if (error instanceof WriteError) throw writeFailure(error.cause, out)
        // The database failing mid-read (a damaged page, a lost disk) is exit 4, as at open.
        if (error instanceof DatabaseUnavailableError) {
          throw new CliError(ExitCode.DatabaseUnavailable, error.message)
        }
        throw error
      },
    )
    if (lines === null) {
      await sink.abandon()
      throw new CliError(
        ExitCode.Failure,
        `Export stopped before it finished: ${out} was not written.`,
      )
    }
    try {
      await sink.finish()
    } catch (error) {
      await sink.abandon()
      throw writeFailure(error, out)
    }
    io.stderr(`Exported ${plural(lines, 'event')}${includePhi ? ' with PHI' : ', PHI redacted'}.`)
    return ExitCode.Done
  } finally {
    store.close()
  }
}

function fileSink(file: PrivateFile): Sink {
  return {
    write: (line) => file.write(line),
    finish: () => file.commit(),
    abandon: () => file.discard(),
  }
}

/** Writes every selected event; the number written, or null when a stop was requested first. */
async function writeEvents(
  store: SessionStore,
  sessionKey: string | undefined,
  includePhi: boolean,
  sink: Sink,
  stopRequested: () => boolean,
): Promise<number | null> {
  const selector = sessionKey === undefined ? { all: true as const } : { sessionKey }
  let lines = 0
  for (const event of store.events(selector)) {
    if (stopRequested()) return null
    try {
      await sink.write(`${toNdjsonLine(event, { includePhi })}\n`)
    } catch (error) {
      throw new WriteError(error)
    }
    lines++
  }
  return lines
}

/** Writing the output failed, as opposed to reading the database. */
class WriteError extends Error {
  constructor(override readonly cause: unknown) {
    super('writing the export failed')
  }
}
