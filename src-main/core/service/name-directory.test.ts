import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Names } from '../../api'
import { until } from '../../simulator/testing/raw-clients'
import { defaultWorkspaceName, NAMES_FILE, NameDirectory, type NameSource } from './name-directory'

const WORKSPACE = '7c9e6679-7425-40de-944b-e07fc1f90ae7'
const SCHEDULING = '0b7e4a1c-2f3d-4c5b-8a9e-1d2c3b4a5f60'
const BILLING = '5f1d2c3b-4a5e-4f60-9b8a-7c6d5e4f3a21'
const NURSE = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d'

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'co-names-'))
  cleanups.push(() => {
    rmSync(dir, { recursive: true, force: true })
  })
  return dir
}

/** A platform directory the test changes; `down` makes every request fail as offline. */
class FakeSource implements NameSource {
  services_ = [{ id: SCHEDULING, name: 'Scheduling' }]
  operators_: { id: string; name: string | null; email?: string | null }[] = [
    { id: NURSE, name: 'Renée Dubois, RN' },
  ]
  down = false
  calls = 0

  services() {
    this.calls += 1
    return this.down
      ? Promise.reject(new Error('Listing the services: the platform could not be reached.'))
      : Promise.resolve([...this.services_])
  }

  operators() {
    return this.down
      ? Promise.reject(new Error('Listing the operators: the platform could not be reached.'))
      : Promise.resolve([...this.operators_])
  }
}

function directory(
  dataDir: string,
  source: NameSource,
  changes: Names[] = [],
  lines: string[] = [],
) {
  const names = new NameDirectory({
    dataDir,
    workspaceId: WORKSPACE,
    workspaceName: 'Night shift',
    source,
    onChange: (next) => changes.push(next),
    log: (line) => lines.push(line),
    unknownRefreshMs: 0,
  })
  cleanups.push(() => {
    names.stop()
  })
  return names
}

describe('the name directory', () => {
  it('names services and operators from the platform, and says when they changed', async () => {
    const changes: Names[] = []
    const names = directory(tempDir(), new FakeSource(), changes)
    expect(names.names()).toEqual({
      workspace: { id: WORKSPACE, name: 'Night shift' },
      services: {},
      operators: {},
    })
    await names.refresh()
    expect(names.names()).toEqual({
      workspace: { id: WORKSPACE, name: 'Night shift' },
      services: { [SCHEDULING]: 'Scheduling' },
      operators: { [NURSE]: 'Renée Dubois, RN' },
    })
    expect(changes).toHaveLength(1)
    await names.refresh()
    expect(changes).toHaveLength(1)
  })

  it('keeps the names in names.json, so they are there after a restart and offline', async () => {
    const dataDir = tempDir()
    const source = new FakeSource()
    await directory(dataDir, source).refresh()
    const file = JSON.parse(readFileSync(join(dataDir, NAMES_FILE), 'utf8')) as unknown
    expect(file).toEqual({
      version: 1,
      workspaces: {
        [WORKSPACE]: {
          name: 'Night shift',
          services: { [SCHEDULING]: 'Scheduling' },
          operators: { [NURSE]: 'Renée Dubois, RN' },
          refreshedAt: expect.any(Number) as unknown,
        },
      },
    })

    source.down = true
    const lines: string[] = []
    const again = directory(dataDir, source, [], lines)
    expect(again.names().services).toEqual({ [SCHEDULING]: 'Scheduling' })
    await again.refresh()
    expect(again.names().operators).toEqual({ [NURSE]: 'Renée Dubois, RN' })
    expect(lines).toContain(
      'Names could not be refreshed: Listing the services: the platform could not be reached.',
    )
    expect(NameDirectory.savedWorkspaceName(dataDir, WORKSPACE)).toBe('Night shift')
    expect(NameDirectory.savedWorkspaceName(dataDir, 'another')).toBeNull()
  })

  it('refreshes when an id without a name appears, and asks only once for one the platform does not know', async () => {
    const source = new FakeSource()
    const names = directory(tempDir(), source)
    await names.refresh()
    expect(source.calls).toBe(1)

    names.noteIds([SCHEDULING], [NURSE])
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(source.calls).toBe(1)

    source.services_.push({ id: BILLING, name: 'Billing' })
    names.noteIds([BILLING], [])
    await until(() => names.names().services[BILLING] === 'Billing', 'the new service name')
    expect(source.calls).toBe(2)

    names.noteIds(['not-listed-anywhere'], [null])
    await until(() => source.calls === 3, 'a refresh for the unknown id')
    names.noteIds(['not-listed-anywhere'], [])
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(source.calls).toBe(3)
  })

  it('falls back to an operator email, keeps names the platform stops listing, and treats any id as a plain key', async () => {
    const source = new FakeSource()
    source.operators_ = [
      { id: NURSE, name: null, email: 'renee@clinic.example.com' },
      { id: '__proto__', name: 'Odd Id' },
    ]
    const names = directory(tempDir(), source)
    await names.refresh()
    source.services_ = []
    await names.refresh()
    expect(names.names().services).toEqual({ [SCHEDULING]: 'Scheduling' })
    expect(Object.getOwnPropertyNames(names.names().operators).sort()).toEqual(
      [NURSE, '__proto__'].sort(),
    )
    expect(names.names().operators[NURSE]).toBe('renee@clinic.example.com')
  })

  it('starts afresh from a file that is not its own', () => {
    const dataDir = tempDir()
    writeFileSync(join(dataDir, NAMES_FILE), '{"version": 7, "secret": true')
    const names = directory(dataDir, new FakeSource())
    expect(names.names().services).toEqual({})
  })

  it('names a workspace without a given name by its host and the start of its id', () => {
    expect(defaultWorkspaceName('https://api.platform.amigo.ai', WORKSPACE)).toBe(
      'api.platform.amigo.ai · 7c9e6679',
    )
    expect(defaultWorkspaceName('http://127.0.0.1:4010/', 'ws_1')).toBe('127.0.0.1:4010 · ws_1')
  })
})
