import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { ensurePrivateFolder } from './data-dir'

/**
 * What the app remembers between runs, apart from secrets (those are in the key vault): which
 * workspace it records. Kept as JSON in the data folder.
 */
const settingsSchema = z.object({
  setup: z.enum(['none', 'workspace', 'demo']).catch('none'),
  workspace: z.object({ baseUrl: z.string(), workspaceId: z.string() }).nullable().catch(null),
})

export type Settings = z.output<typeof settingsSchema>

const defaults: Settings = { setup: 'none', workspace: null }

export class SettingsFile {
  readonly #file: string

  constructor(readonly dataDir: string) {
    this.#file = join(dataDir, 'settings.json')
  }

  /** The saved settings; a missing or unreadable file means a first run. */
  read(): Settings {
    let text: string
    try {
      text = readFileSync(this.#file, 'utf8')
    } catch {
      return { ...defaults }
    }
    try {
      const parsed = settingsSchema.safeParse(JSON.parse(text))
      return parsed.success ? parsed.data : { ...defaults }
    } catch {
      return { ...defaults }
    }
  }

  /** Written to a temporary file and renamed over the old one: a crash never leaves half a file. */
  write(settings: Settings): void {
    ensurePrivateFolder(this.dataDir)
    const temporary = `${this.#file}.${process.pid}.tmp`
    writeFileSync(temporary, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 })
    renameSync(temporary, this.#file)
  }
}
