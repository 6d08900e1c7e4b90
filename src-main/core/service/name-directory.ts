import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import type { Names } from '../../api'
import { ensurePrivateFolder } from '../config/data-dir'

/** Where the names come from: the platform's directory (`PlatformClient` fits). */
export interface NameSource {
  services(): Promise<readonly { id: string; name: string }[]>
  operators(): Promise<readonly { id: string; name?: string | null; email?: string | null }[]>
}

export interface NameDirectoryOptions {
  dataDir: string
  workspaceId: string
  /** What the app calls the workspace (given by the user, or a default). */
  workspaceName: string
  source: NameSource
  onChange: (names: Names) => void
  /** Never carries PHI: names of staff and services are not. */
  log: (line: string) => void
  /** The periodic refresh (default five minutes). */
  refreshMs?: number
  /** The soonest an unknown id triggers another refresh after the last one (default 30 s). */
  unknownRefreshMs?: number
  now?: () => number
}

/** The cache file in the data folder: no secret and no PHI, only ids and names. */
export const NAMES_FILE = 'names.json'

/** Bounds, so a hostile or huge directory cannot grow the file without limit. */
const MAX_NAMES = 5000
const MAX_WORKSPACES = 20
const MAX_NAME_LENGTH = 200

const names = z.record(z.string(), z.string()).catch({})
const fileSchema = z.object({
  version: z.literal(1),
  workspaces: z
    .record(
      z.string(),
      z.object({
        name: z.string().nullable().catch(null),
        services: names,
        operators: names,
        refreshedAt: z.number().nullable().catch(null),
      }),
    )
    .catch({}),
})

type NamesFile = z.output<typeof fileSchema>

/** One workspace's names in memory: maps, so an id such as `__proto__` is just a key. */
interface WorkspaceEntry {
  name: string
  services: Map<string, string>
  operators: Map<string, string>
  refreshedAt: number | null
}

/** "api.platform.amigo.ai · 3f2a9c1b": readable where the user gave no name. */
export function defaultWorkspaceName(baseUrl: string, workspaceId: string): string {
  let host = baseUrl
  try {
    host = new URL(baseUrl).host
  } catch {
    // Validated on the way in; a bad one is shown as typed.
  }
  return `${host} · ${workspaceId.slice(0, 8)}`
}

/**
 * Names for the ids in the events: services and operators from the platform (refreshed when an
 * unknown id appears, at most every `unknownRefreshMs`, and every `refreshMs`), the workspace's
 * from the user. Kept in `names.json` in the data folder, so names are there after a restart and
 * while the platform cannot be reached. Names of a service or operator that the platform stops
 * listing are kept: recorded sessions still name them.
 */
export class NameDirectory {
  readonly #options: NameDirectoryOptions
  readonly #file: string
  readonly #now: () => number
  readonly #entry: WorkspaceEntry
  /** Unknown ids seen since the last refresh began: the next one is asked for them. */
  readonly #pending = new Set<string>()
  /**
   * Ids a refresh was asked about and did not name: they do not ask again until the next
   * periodic refresh (an operator without a name, an id the platform does not list).
   */
  readonly #asked = new Set<string>()
  #lastRefresh = Number.NEGATIVE_INFINITY
  #refreshing: Promise<void> | null = null
  #periodic: NodeJS.Timeout | null = null
  #soon: NodeJS.Timeout | null = null
  #stopped = false

  constructor(options: NameDirectoryOptions) {
    this.#options = options
    this.#file = join(options.dataDir, NAMES_FILE)
    this.#now = options.now ?? Date.now
    const saved = readNamesFile(this.#file).workspaces[options.workspaceId]
    this.#entry = {
      name: options.workspaceName,
      services: new Map(Object.entries(saved?.services ?? {})),
      operators: new Map(Object.entries(saved?.operators ?? {})),
      refreshedAt: saved?.refreshedAt ?? null,
    }
    if (saved?.name !== options.workspaceName) this.#save()
  }

  /** The name the user gave a workspace last time, if any. */
  static savedWorkspaceName(dataDir: string, workspaceId: string): string | null {
    return readNamesFile(join(dataDir, NAMES_FILE)).workspaces[workspaceId]?.name ?? null
  }

  names(): Names {
    return {
      workspace: { id: this.#options.workspaceId, name: this.#options.workspaceName },
      services: Object.fromEntries(this.#entry.services),
      operators: Object.fromEntries(this.#entry.operators),
    }
  }

  /** Refreshes now and then every `refreshMs`. */
  start(): void {
    void this.refresh()
    this.#periodic = setInterval(
      () => {
        this.#asked.clear()
        void this.refresh()
      },
      this.#options.refreshMs ?? 5 * 60_000,
    )
    this.#periodic.unref()
  }

  stop(): void {
    this.#stopped = true
    if (this.#periodic !== null) clearInterval(this.#periodic)
    if (this.#soon !== null) clearTimeout(this.#soon)
    this.#periodic = null
    this.#soon = null
  }

  /** Ids seen in the events: one without a name brings a refresh (soon, not at once). */
  noteIds(serviceIds: Iterable<string | null>, operatorIds: Iterable<string | null>): void {
    if (this.#stopped) return
    this.#collectUnknown(serviceIds, this.#entry.services)
    this.#collectUnknown(operatorIds, this.#entry.operators)
    if (this.#pending.size === 0 || this.#soon !== null) return
    const wait = Math.max(0, this.#lastRefresh + this.#unknownRefreshMs() - this.#now())
    this.#soon = setTimeout(() => {
      this.#soon = null
      void this.refresh()
    }, wait)
    this.#soon.unref()
  }

  /** Asks the platform for both lists; one that fails keeps the names already known. */
  refresh(): Promise<void> {
    this.#refreshing ??= this.#fetch().finally(() => {
      this.#refreshing = null
    })
    return this.#refreshing
  }

  #unknownRefreshMs(): number {
    return this.#options.unknownRefreshMs ?? 30_000
  }

  #collectUnknown(ids: Iterable<string | null>, known: ReadonlyMap<string, string>): void {
    for (const id of ids) {
      if (id === null || id === '' || known.has(id) || this.#asked.has(id)) continue
      if (this.#pending.size < MAX_NAMES) this.#pending.add(id)
    }
  }

  async #fetch(): Promise<void> {
    const { source } = this.#options
    this.#lastRefresh = this.#now()
    const asking = [...this.#pending]
    this.#pending.clear()
    const [services, operators] = await Promise.allSettled([source.services(), source.operators()])
    if (this.#stopped) return
    let changed = false
    if (services.status === 'fulfilled') {
      changed = merge(this.#entry.services, services.value, (service) => service.name) || changed
    }
    if (operators.status === 'fulfilled') {
      changed =
        merge(this.#entry.operators, operators.value, (op) => op.name ?? op.email ?? null) ||
        changed
    }
    for (const failed of [services, operators]) {
      if (failed.status === 'rejected') {
        this.#options.log(`Names could not be refreshed: ${messageOf(failed.reason)}`)
      }
    }
    if (services.status === 'fulfilled' && operators.status === 'fulfilled') {
      for (const id of asking) {
        if (!this.#entry.services.has(id) && !this.#entry.operators.has(id)) this.#asked.add(id)
      }
      if (this.#asked.size > MAX_NAMES) this.#asked.clear()
    } else {
      // Ask again once the platform answers.
      for (const id of asking) this.#pending.add(id)
    }
    if (services.status === 'fulfilled' || operators.status === 'fulfilled') {
      this.#entry.refreshedAt = this.#now()
    }
    if (!changed) return
    this.#save()
    this.#options.onChange(this.names())
  }

  #save(): void {
    const file = readNamesFile(this.#file)
    const { [this.#options.workspaceId]: _previous, ...others } = file.workspaces
    // The current workspace last, so the oldest others are dropped first past the cap.
    const kept = Object.entries(others).slice(-(MAX_WORKSPACES - 1))
    const entry = {
      name: this.#entry.name,
      services: Object.fromEntries(this.#entry.services),
      operators: Object.fromEntries(this.#entry.operators),
      refreshedAt: this.#entry.refreshedAt,
    }
    const next: NamesFile = {
      version: 1,
      workspaces: Object.fromEntries([...kept, [this.#options.workspaceId, entry]]),
    }
    try {
      ensurePrivateFolder(this.#options.dataDir)
      const temporary = `${this.#file}.${process.pid}.tmp`
      writeFileSync(temporary, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 })
      renameSync(temporary, this.#file)
    } catch (error) {
      // Names are a convenience: without the file they are only kept for this run.
      this.#options.log(`The names could not be saved in ${NAMES_FILE}: ${messageOf(error)}`)
    }
  }
}

function readNamesFile(file: string): NamesFile {
  try {
    const parsed = fileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')))
    if (parsed.success) return parsed.data
  } catch {
    // Missing or unreadable: a first run, or a file to start again.
  }
  return { version: 1, workspaces: {} }
}

/** Puts the listed names into `into`; true when any changed. Bounded in count and length. */
function merge<T extends { id: string }>(
  into: Map<string, string>,
  items: readonly T[],
  nameOf: (item: T) => string | null,
): boolean {
  let changed = false
  for (const item of items) {
    const name = nameOf(item)?.trim().slice(0, MAX_NAME_LENGTH)
    if (name === undefined || name === '' || into.get(item.id) === name) continue
    if (!into.has(item.id) && into.size >= MAX_NAMES) continue
    into.set(item.id, name)
    changed = true
  }
  return changed
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
