import { spawnSync } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * A real, small file system for full-disk tests: a tmpfs mounted on a new folder, which a test can
 * fill to the last byte and free again. Mounting needs root (CI runs as root); elsewhere
 * `mountSmallDisk` says why it cannot, and the test skips with that reason.
 */
export interface SmallDisk {
  readonly dir: string
  /** Writes a ballast file until the file system has no space left. */
  fill(): void
  /** Deletes the ballast. */
  free(): void
  unmount(): void
}

const CHUNK = Buffer.alloc(64 * 1024, 0x5a)

export function mountSmallDisk(sizeMb: number): SmallDisk | { skip: string } {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) {
    return { skip: 'mounting a small file system for a full-disk test needs root on Linux' }
  }
  const dir = mkdtempSync(join(tmpdir(), 'co-small-disk-'))
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', dir], {
    encoding: 'utf8',
  })
  if (mounted.status !== 0) {
    rmSync(dir, { recursive: true, force: true })
    const why = (mounted.stderr || mounted.error?.message || 'unknown error').trim().split('\n')[0]
    return { skip: `could not mount a small file system for a full-disk test: ${why}` }
  }
  const ballast = join(dir, 'ballast')
  return {
    dir,
    fill() {
      const fd = openSync(ballast, 'a')
      try {
        for (;;) writeSync(fd, CHUNK)
      } catch (error) {
        if (!(error instanceof Error && 'code' in error && error.code === 'ENOSPC')) throw error
      } finally {
        closeSync(fd)
      }
    },
    free() {
      rmSync(ballast, { force: true })
    },
    unmount() {
      spawnSync('umount', ['--lazy', dir])
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
