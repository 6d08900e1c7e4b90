import { chmodSync, chownSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Makes `dir` a folder the reading process cannot write, for real, and returns the user that
 * process must run as (spawn's `uid`/`gid`).
 *
 * Tests here run as root on the build machines, and root ignores a folder's mode, so `chmod 555`
 * alone proves nothing there (and no read-only bind mount is available). So as root the folder
 * and its files are given to `nobody` (65534), the folder made 0555, and the reader is a child
 * process running as `nobody`: the kernel then refuses it every write in that folder, as it would
 * refuse a user reading an archive copied from another machine. As any other user, `chmod 555`
 * is already real, and the child runs as that user.
 */
export function makeFolderReadOnly(dir: string): { uid?: number; gid?: number } {
  const root = process.getuid?.() === 0
  if (root) {
    for (const name of readdirSync(dir)) chownSync(join(dir, name), 65534, 65534)
    chownSync(dir, 65534, 65534)
  }
  chmodSync(dir, 0o555)
  return root ? { uid: 65534, gid: 65534 } : {}
}

/** Gives the folder back (writable again) so that the test can delete it. */
export function makeFolderWritable(dir: string): void {
  chmodSync(dir, 0o755)
}
