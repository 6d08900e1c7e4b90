import { parseArgs } from 'node:util'
import { defaultDatabaseFile } from '../../core/config/data-dir'
import { DEFAULT_FRAME_LIMITS, type FrameLimits } from '../../core/events'
import {
  awaitPlatform,
  CredentialsRejectedError,
  PlatformClient,
  PlatformError,
  systemClock,
  type WorkspaceStreamStatus,
} from '../../core/platform'
import type { SessionStore } from '../../core/store'
import { Recorder, type RecorderHalt, type RecorderProgress } from '../../core/recorder/recorder'
import { startSimulator, type Simulator } from '../../simulator/simulator'
import { CliError, ExitCode, usageError } from '../exit-codes'
import type { CommandHelp } from '../help'
import type { CliIo } from '../io'
import { openStoreForCli } from '../open-store'
import { integerOption, positiveNumberOption } from '../options'
import { describeStorage, describeStreamStatus, plural, progressLine } from '../progress'
import { API_KEY_ENV, DB_KEY_ENV, requireSecret } from '../secrets'

/** `record --help`. */
export const recordHelp: CommandHelp = {
  usage:
    'record (--workspace <id> [--base-url <url>] | --demo) [--db <file>] [--observe auto|off]\n' +
    '         [--for <seconds>] [--keep-days <n>] [--max-frame-bytes <n>] [--quiet]\n' +
    '         [--json-progress]',
  summary: 'record a workspace into the encrypted session database until stopped',
  options: [
    ['--workspace <id>', `the workspace to record, with the API key in ${API_KEY_ENV}`],
    ['--base-url <url>', "the platform's address (default: https://api.platform.amigo.ai)"],
    ['--demo', 'record the bundled demo platform instead (no API key needed)'],
    ['--db <file>', 'the session database (default: sessions.db in the data folder)'],
    [
      '--observe auto|off',
      'auto (the default) also observes every live call; off: the stream only',
    ],
    ['--for <seconds>', 'stop after this long (default: run until Ctrl+C or SIGTERM)'],
    ['--keep-days <n>', 'delete sessions older than n days, at start and every hour'],
    [
      '--max-frame-bytes <n>',
      'quarantine a frame larger than this (default 1 MiB; 16 KiB-256 MiB)',
    ],
    ['--quiet', 'print no progress on stderr'],
    ['--json-progress', 'print one JSON object per commit on stdout, for scripts'],
  ],
  notes: [
    `The database passphrase comes from ${DB_KEY_ENV}. Everything received is committed before`,
    'it exits; exit 3 means the platform rejected the API key.',
  ],
}

const PLATFORM_URL = 'https://api.platform.amigo.ai'
const PROGRESS_EVERY_MS = 1000

type Ending = { kind: 'signal' } | { kind: 'time' } | { kind: 'halt'; status: RecorderHalt }

/**
 * `call-observer record`: records a workspace until SIGINT/SIGTERM, `--for` seconds, or the
 * platform refusing to go on; every frame received is committed before it exits. Secrets come from
 * the environment only. Progress goes to stderr for a person (`--quiet` silences it); with
 * `--json-progress`, one JSON line per commit on stdout for scripts.
 */
export async function runRecord(argv: string[], io: CliIo): Promise<ExitCode> {
  const { values } = parseArgs({
    args: argv,
    options: {
      workspace: { type: 'string' },
      'base-url': { type: 'string' },
      db: { type: 'string' },
      observe: { type: 'string', default: 'auto' },
      for: { type: 'string' },
      demo: { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      'json-progress': { type: 'boolean', default: false },
      'keep-days': { type: 'string' },
      'max-frame-bytes': { type: 'string' },
    },
    strict: true,
  })
  if (values.observe !== 'auto' && values.observe !== 'off') {
    throw usageError(`--observe must be auto or off, not "${values.observe}"`)
  }
  if (!values.demo && values.workspace === undefined) {
    throw usageError('Name the workspace to record with --workspace <id>, or use --demo')
  }
  const keepDays =
    values['keep-days'] === undefined
      ? null
      : integerOption('keep-days', values['keep-days'], 0, 1, 36_500)
  const forMs = values.for === undefined ? null : positiveNumberOption('for', values.for, 1) * 1000
  const limits: FrameLimits = {
    ...DEFAULT_FRAME_LIMITS,
    maxFrameBytes: integerOption(
      'max-frame-bytes',
      values['max-frame-bytes'],
      DEFAULT_FRAME_LIMITS.maxFrameBytes,
      MIN_FRAME_BYTES,
      MAX_FRAME_BYTES,
    ),
  }
  const passphrase = requireSecret(io.env, DB_KEY_ENV, 'the session database passphrase')
  const apiKey = values.demo ? null : requireSecret(io.env, API_KEY_ENV, 'the workspace API key')
  const say = (line: string) => {
    if (!values.quiet) io.stderr(line)
  }

  let simulator: Simulator | null = null
  let store: SessionStore | null = null
  let retention: NodeJS.Timeout | null = null
  try {
    simulator = values.demo ? await startSimulator() : null
    const target = simulator
      ? { baseUrl: simulator.baseUrl, workspaceId: simulator.workspaceId, apiKey: simulator.apiKey }
      : {
          baseUrl: values['base-url'] ?? PLATFORM_URL,
          workspaceId: values.workspace ?? '',
          apiKey: apiKey ?? '',
        }
    if (simulator) say(`Recording the demo workspace (simulator at ${simulator.baseUrl}).`)
    // The key is checked before the database is touched: a rejected key leaves no file behind.
    if (!(await keyAccepted(target, io, say))) return ExitCode.Done
    store = openStoreForCli(values.db ?? defaultDatabaseFile(), passphrase, 'record')
    retention = keepDays === null ? null : keepOnly(store, keepDays, say)

    let status: WorkspaceStreamStatus = { state: 'connecting' }
    const recorder = new Recorder({
      ...target,
      store,
      limits,
      observe: values.observe,
      onCommitted: (progress) => {
        if (values['json-progress']) io.stdout(JSON.stringify(progress))
      },
      onStreamStatus: (next) => {
        const closing = next.state === 'stopped' && next.reason === 'closed'
        if (next.state !== status.state && !closing) say(describeStreamStatus(next, Date.now()))
        status = next
      },
      onObserversSuspended: (message) => {
        say(`No more calls can be observed: ${message}`)
      },
      onStorage: (storage) => {
        say(describeStorage(storage))
      },
      onNotice: say,
    })
    try {
      await recorder.start()
    } catch (error) {
      await recorder.stop()
      throw startFailure(error)
    }

    const ticker = progressTicker(recorder, say, () => describeStreamStatus(status, Date.now()))
    const ending = await Promise.race<Ending>([
      io.stopRequested.then(() => ({ kind: 'signal' })),
      recorder.halted.then((halt) => ({ kind: 'halt', status: halt })),
      ...(forMs === null ? [] : [delay(forMs).then((): Ending => ({ kind: 'time' }))]),
    ])
    clearInterval(ticker)
    const final = await recorder.stop()
    say(summary(final))
    if (ending.kind !== 'halt') return ExitCode.Done
    if (ending.status.reason === 'credentials_rejected') {
      throw new CliError(ExitCode.CredentialsRejected, ending.status.message)
    }
    throw new CliError(ExitCode.Failure, ending.status.message)
  } finally {
    if (retention) clearInterval(retention)
    store?.close()
    await simulator?.close()
  }
}

/** The smallest and largest frame limit accepted: a real frame is a few KiB at most. */
const MIN_FRAME_BYTES = 16 * 1024
const MAX_FRAME_BYTES = 256 * 1024 * 1024

/**
 * Waits until the platform accepts the key, asking again while it cannot be reached (as the app
 * does), and saying so. False: the user stopped it first. A rejected key is exit 3.
 */
async function keyAccepted(
  target: { baseUrl: string; workspaceId: string; apiKey: string },
  io: CliIo,
  say: (line: string) => void,
): Promise<boolean> {
  const stop = new AbortController()
  void io.stopRequested.then(() => {
    stop.abort()
  })
  try {
    await awaitPlatform(new PlatformClient(target), {
      clock: systemClock,
      signal: stop.signal,
      onWaiting: (message, retryAt) => {
        const seconds = Math.max(1, Math.round((retryAt - Date.now()) / 1000))
        say(`${message} Trying again in ${seconds} s; Ctrl+C stops.`)
      },
    })
    return true
  } catch (error) {
    if (stop.signal.aborted) {
      say('Stopped before the platform answered: nothing was recorded.')
      return false
    }
    throw startFailure(error)
  }
}

/** A failure to begin recording, as the line and exit code the user gets. */
function startFailure(error: unknown): unknown {
  if (error instanceof CredentialsRejectedError) {
    return new CliError(
      ExitCode.CredentialsRejected,
      `The platform rejected the API key: check ${API_KEY_ENV}, or create a new key for this workspace.`,
    )
  }
  if (error instanceof PlatformError) {
    return new CliError(ExitCode.Failure, `${error.message} Check the workspace id and --base-url.`)
  }
  return error
}

const RETENTION_EVERY_MS = 60 * 60 * 1000

/** Deletes sessions older than `days` now and every hour while recording. */
function keepOnly(store: SessionStore, days: number, say: (line: string) => void) {
  const prune = () => {
    const deleted = store.deleteSessionsOlderThan(days)
    if (deleted > 0) {
      say(`Retention: deleted ${plural(deleted, 'session')} older than ${plural(days, 'day')}.`)
    }
  }
  prune()
  const timer = setInterval(prune, RETENTION_EVERY_MS)
  timer.unref()
  return timer
}

function progressTicker(recorder: Recorder, say: (line: string) => void, status: () => string) {
  let last = { at: Date.now(), stored: 0 }
  const ticker = setInterval(() => {
    const now = Date.now()
    const { progress } = recorder
    const rate = ((progress.stored - last.stored) * 1000) / Math.max(1, now - last.at)
    last = { at: now, stored: progress.stored }
    say(progressLine(status(), progress, rate))
  }, PROGRESS_EVERY_MS)
  ticker.unref()
  return ticker
}

function summary(progress: RecorderProgress): string {
  const lost =
    progress.lost === 0
      ? ''
      : `, ${plural(progress.lost, 'frame')} that could not be stored even in quarantine`
  return (
    `Stopped: ${plural(progress.stored, 'event')} stored, ${progress.quarantined.toLocaleString('en-US')} quarantined, ` +
    `${plural(progress.duplicates, 'replayed duplicate')} ignored${lost}.`
  )
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref())
}
