import { homedir } from 'node:os'
import { join } from 'node:path'

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
