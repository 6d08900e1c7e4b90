import { sql as init } from './0010-init'
import { sql as replayById } from './0020-replay-by-id'
import { sql as quarantineSize } from './0030-quarantine-size'
import { sql as backfillDue } from './0040-backfill-due'

/**
 * A numbered schema step. Numbers go up in steps of 10 (room for a fix-up between two released
 * steps); each step's SQL lives in its own frozen file `NNNN-name.ts`, exported as a string so
 * that both the bundler and tsx load it without file-system reads at run time.
 */
export interface Migration {
  readonly version: number
  readonly name: string
  readonly sql: string
}

/** Every migration, oldest first. Append only: never edit, reorder or remove a released one. */
export const migrations: readonly Migration[] = [
  { version: 10, name: 'init', sql: init },
  { version: 20, name: 'replay-by-id', sql: replayById },
  { version: 30, name: 'quarantine-size', sql: quarantineSize },
  { version: 40, name: 'backfill-due', sql: backfillDue },
]
