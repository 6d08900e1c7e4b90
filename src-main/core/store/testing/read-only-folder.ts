import { chmodSync } from 'node:fs'

/** How to start a child process that is refused writes the way a user is. */
export type SpawnAs = (command: string, args: readonly string[]) => [string, string[]]

/**
 * As the current user: only for a user the kernel already holds to a folder's mode.
 *
 * Tests here run as root on the build machines, and root ignores a folder's mode, so `chmod 555`
 * alone proves nothing there (and no read-only bind mount is available). So as root the child is
 * started through `setpriv` without the capabilities that let root override file permissions
 * (`CAP_DAC_OVERRIDE`, `CAP_DAC_READ_SEARCH`): it stays uid 0 and owner of the files, so it can
 * read the checkout wherever it lies, but the kernel refuses it every write in a 0555 folder, as
 * it refuses a user reading an archive copied from another machine. (An earlier version ran the
 * child as `nobody`, which cannot read a checkout in a private folder, such as CI's fresh clone.)
 */
export function spawnUnprivileged(): SpawnAs {
  if (process.getuid?.() !== 0) return (command, args) => [command, [...args]]
  return (command, args) => [
    'setpriv',
    ['--bounding-set=-dac_override,-dac_read_search', command, ...args],
  ]
}

/** Makes `dir` a folder the child `spawnUnprivileged()` starts cannot write, for real. */
export function makeFolderReadOnly(dir: string): SpawnAs {
  chmodSync(dir, 0o555)
  return spawnUnprivileged()
}

/** Gives the folder back (writable again) so that the test can delete it. */
export function makeFolderWritable(dir: string): void {
  chmodSync(dir, 0o755)
}
