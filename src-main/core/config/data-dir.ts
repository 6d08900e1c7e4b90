import { chmodSync, mkdirSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join, resolve } from 'node:path'

/**
 * Where Call Observer keeps its data when not told otherwise: the platform's per-user application
 * data folder, the same one Electron's `app.getPath('userData')` names for the desktop app, so the
 * CLI and the app share one session database.
 */
export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string {
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Call Observer')
  if (platform === 'win32')
    return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Call Observer')
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Call Observer')
}

export function defaultDatabaseFile(): string {
  return join(defaultDataDir(), 'sessions.db')
}

/**
 * Makes sure a folder for files that hold PHI exists. Every folder this creates (the folder and
 * any missing parents) is 0700, whatever the umask; a folder that already exists keeps the mode
 * its owner gave it.
 */
export function ensurePrivateFolder(dir: string): void {
  const first = mkdirSync(dir, { recursive: true, mode: 0o700 })
  if (first === undefined) return
  // mkdir's mode passes through the umask; chmod does not. Walk from the folder up to the first
  // one created.
  const top = resolve(first)
  for (let folder = resolve(dir); ; folder = dirname(folder)) {
    chmodSync(folder, 0o700)
    if (folder === top || dirname(folder) === folder) break
  }
}
