import type { CommandHelp } from '../help'
import { API_KEY_ENV, DB_KEY_ENV } from '../secrets'

// `record --help`. Kept beside record.ts (whose options it explains) rather than in it, while
// record.ts has another owner; move it in when convenient.

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
