import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import type { Writable } from 'node:stream'
import { parseArgs } from 'node:util'
import { defaultDatabaseFile } from '../../core/config/data-dir'
import { toNdjsonLine } from '../../core/export/ndjson'
import { CliError, ExitCode, usageError } from '../exit-codes'
import type { CliIo } from '../io'
import { openStoreForCli } from '../open-store'
import { DB_KEY_ENV, requireSecret } from '../secrets'

export const exportUsage =
  'export [--db <file>] (--session <id> | --all) --format ndjson [--include-phi] --out <file|->\n' +
  '           export session timelines; PHI is redacted unless --include-phi'

const PLANNED_FORMATS = ['json', 'csv', 'md', 'html']

/** Writes with backpressure, so exporting millions of events holds only a page in memory. */
async function writeLine(out: Writable, line: string): Promise<void> {
  if (!out.write(`${line}\n`)) await once(out, 'drain')
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
  if (values.out === undefined)
    throw usageError('Say where to write with --out <file>, or --out - for stdout')
  const passphrase = requireSecret(io.env, DB_KEY_ENV, 'the session database passphrase')
  const store = openStoreForCli(values.db ?? defaultDatabaseFile(), passphrase, 'read')
  try {
    if (values.session !== undefined && store.session(values.session) === undefined) {
      throw new CliError(
        ExitCode.Failure,
        `No session ${values.session} in this database: see \`call-observer sessions\`.`,
      )
    }
    const out = values.out === '-' ? process.stdout : createWriteStream(values.out)
    const selector =
      values.session === undefined ? { all: true as const } : { sessionKey: values.session }
    const options = { includePhi: values['include-phi'] }
    let lines = 0
    for (const event of store.events(selector)) {
      await writeLine(out, toNdjsonLine(event, options))
      lines++
    }
    if (out !== process.stdout) {
      out.end()
      await once(out, 'finish')
    }
    io.stderr(
      `Exported ${lines.toLocaleString('en-US')} events${options.includePhi ? ' with PHI' : ', PHI redacted'}.`,
    )
    return ExitCode.Done
  } finally {
    store.close()
  }
}
