import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { AppHandlers, PushMessage } from '../../api'
import { startDemoPlatform } from '../../simulator/demo-platform'
import { startSimulator, type Simulator } from '../../simulator/simulator'
import { until } from '../../simulator/testing/raw-clients'
import { SessionStore } from '../store'
import { AppService } from './app-service'
import { dispatch } from './dispatch'
import { RunOnlyVault, type KeyVault, type SecretName } from './key-vault'

// The core service against the simulator, with real database files.

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'co-service-'))
  cleanups.push(() => {
    rmSync(dir, { recursive: true, force: true })
  })
  return dir
}

/** A vault that keeps secrets between "runs", as the OS keychain does. */
class PersistentVault implements KeyVault {
  readonly protection = 'os-keychain' as const
  readonly values = new Map<SecretName, string>()
  read(name: SecretName) {
    return this.values.get(name) ?? null
  }
  write(name: SecretName, value: string) {
    this.values.set(name, value)
  }
  remove(name: SecretName) {
    this.values.delete(name)
  }
}

async function simulator(): Promise<Simulator> {
  const sim = await startSimulator({ speed: 30, callsPerMinute: 30 })
  cleanups.push(() => sim.close())
  return sim
}

async function service(dataDir: string, vault: KeyVault = new PersistentVault()) {
  const messages: PushMessage[] = []
  const app = await AppService.create({
    dataDir,
    vault,
    transport: 'browser',
    demoPlatform: () => startDemoPlatform({ speed: 30, callsPerMinute: 30 }),
    resumeRetryMs: 50,
  })
  app.subscribe((message) => messages.push(message))
  cleanups.push(() => app.close())
  return { app, messages, handlers: app.handlers }
}

function credentialsOf(sim: Simulator) {
  return { baseUrl: sim.baseUrl, workspaceId: sim.workspaceId, apiKey: sim.apiKey }
}

async function failureOf(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(Error)
  return error as { code: string; message: string }
}

describe('the app service', () => {
  it('starts on onboarding when nothing is configured', async () => {
    const { handlers } = await service(tempDir())
    const state = await handlers['app.getState'](undefined)
    expect(state).toMatchObject({ setup: 'none', workspace: null, transport: 'browser' })
    const snapshot = await handlers['live.getSnapshot'](undefined)
    expect(snapshot).toEqual({
      connection: { state: 'idle' },
      health: {
        storage: { state: 'saving' },
        observers: { state: 'observing' },
        backfill: { state: 'complete' },
      },
      calls: [],
      escalations: [],
      operators: [],
      feed: [],
    })
  })

  it('checks a key and says when it expires, or plainly what is wrong', async () => {
    const sim = await simulator()
    const { handlers } = await service(tempDir())
    const check = await handlers['workspace.check'](credentialsOf(sim))
    expect(check.workspaceId).toBe(sim.workspaceId)
    expect(Date.parse(check.keyExpiresAt)).toBeGreaterThan(Date.now())

    const wrongKey = await failureOf(
      handlers['workspace.check']({ ...credentialsOf(sim), apiKey: 'sk_wrong' }),
    )
    expect(wrongKey.code).toBe('credentials-rejected')
    expect(wrongKey.message).toMatch(/rejected the API key \(HTTP 401\)/)

    const otherWorkspace = await failureOf(
      handlers['workspace.check']({ ...credentialsOf(sim), workspaceId: 'ws_other' }),
    )
    expect(otherWorkspace.code).toBe('credentials-rejected')

    const nobody = await failureOf(
      handlers['workspace.check']({ ...credentialsOf(sim), baseUrl: 'http://127.0.0.1:9' }),
    )
    expect(nobody.code).toBe('workspace-unreachable')
    expect(nobody.message).toMatch(/Check the base URL/)
  })

  it('connects, records into the encrypted database, pushes live changes, and disconnects', async () => {
    const sim = await simulator()
    const dataDir = tempDir()
    const vault = new PersistentVault()
    const { handlers, messages, app } = await service(dataDir, vault)
    const state = await handlers['workspace.connect'](credentialsOf(sim))
    expect(state).toMatchObject({ setup: 'workspace', workspace: { workspaceId: sim.workspaceId } })
    expect(vault.read('api-key')).toBe(sim.apiKey)
    expect(vault.read('db-passphrase')).toMatch(/^[0-9a-f]{64}$/)

    await until(
      () => messages.some((message) => message.event === 'feed.appended'),
      'a feed push',
      15_000,
    )
    expect(messages).toContainEqual({
      event: 'connection.status',
      payload: expect.objectContaining({ state: 'connected' }) as unknown,
    })
    const snapshot = await handlers['live.getSnapshot'](undefined)
    expect(snapshot.connection.state).toBe('connected')
    expect(snapshot.feed.length).toBeGreaterThan(0)

    // The settings say what to resume; no secret is in them.
    const settings = readFileSync(join(dataDir, 'settings.json'), 'utf8')
    expect(JSON.parse(settings)).toMatchObject({ setup: 'workspace' })
    expect(settings).not.toContain(sim.apiKey)

    const after = await handlers['workspace.disconnect'](undefined)
    expect(after.setup).toBe('none')
    expect(vault.read('api-key')).toBeNull()
    await app.close()

    // What was received is in the database, under the generated key.
    const passphrase = vault.read('db-passphrase') ?? ''
    const store = SessionStore.open({ file: join(dataDir, 'sessions.db'), passphrase })
    try {
      expect(store.counts().events).toBeGreaterThanOrEqual(snapshot.feed.length)
    } finally {
      store.close()
    }
  })

  it('resumes recording the configured workspace on the next start', async () => {
    const sim = await simulator()
    const dataDir = tempDir()
    const vault = new PersistentVault()
    const first = await service(dataDir, vault)
    await first.handlers['workspace.connect'](credentialsOf(sim))
    await first.app.close()

    const second = await service(dataDir, vault)
    expect((await second.handlers['app.getState'](undefined)).setup).toBe('workspace')
    await until(
      () =>
        second.messages.some(
          (message) =>
            message.event === 'connection.status' && message.payload.state === 'connected',
        ),
      'the resumed stream to connect',
      15_000,
    )
  })

  it('shows a rejected key on resume as the connection status, not a crash', async () => {
    const sim = await simulator()
    const dataDir = tempDir()
    const vault = new PersistentVault()
    const first = await service(dataDir, vault)
    await first.handlers['workspace.connect'](credentialsOf(sim))
    await first.app.close()
    sim.setKeyState('revoked')

    const second = await service(dataDir, vault)
    await until(
      () =>
        second.messages.some(
          (message) =>
            message.event === 'connection.status' && message.payload.state === 'rejected',
        ),
      'the rejected status',
      15_000,
    )
    const snapshot = await second.handlers['live.getSnapshot'](undefined)
    expect(snapshot.connection).toMatchObject({ state: 'rejected', action: /Settings/ })
  })

  it('refuses a real workspace in browser mode without a database key, and says what to do', async () => {
    const sim = await simulator()
    const { handlers } = await service(tempDir(), new RunOnlyVault({}))
    const failure = await failureOf(handlers['workspace.connect'](credentialsOf(sim)))
    expect(failure.code).toBe('database-key-missing')
    expect(failure.message).toMatch(/CALL_OBSERVER_DB_KEY/)
    expect((await handlers['app.getState'](undefined)).setup).toBe('none')
  })

  it('names the workspace, its services and operators, and keeps the names in names.json', async () => {
    const sim = await simulator()
    const dataDir = tempDir()
    const { handlers, messages } = await service(dataDir)
    const unnamed = await handlers['workspace.connect'](credentialsOf(sim))
    expect(unnamed.workspace?.name).toBe(
      `${new URL(sim.baseUrl).host} · ${sim.workspaceId.slice(0, 8)}`,
    )
    await until(
      () => messages.some((message) => message.event === 'names.changed'),
      'the names from the platform',
      15_000,
    )
    const names = await handlers['names.get'](undefined)
    expect(Object.values(names.services)).toContain('Appointment scheduling')
    expect(Object.values(names.operators).length).toBeGreaterThan(0)
    const file = readFileSync(join(dataDir, 'names.json'), 'utf8')
    expect(file).toContain('Appointment scheduling')
    expect(file).not.toContain(sim.apiKey)

    const named = await handlers['workspace.connect']({
      ...credentialsOf(sim),
      name: 'Night shift',
    })
    expect(named.workspace?.name).toBe('Night shift')
    expect((await handlers['names.get'](undefined)).workspace).toEqual({
      id: sim.workspaceId,
      name: 'Night shift',
    })
    // Connecting again without a name keeps the one given.
    const again = await handlers['workspace.connect'](credentialsOf(sim))
    expect(again.workspace?.name).toBe('Night shift')
  })

  it('lists the recorded sessions, newest first, a bounded page at a time, as they end', async () => {
    const dataDir = tempDir()
    const { handlers, messages } = await service(dataDir)
    expect(await handlers['sessions.list']({})).toEqual({
      sessions: [],
      hasMore: false,
      open: false,
    })
    await handlers['demo.start'](undefined)
    await until(
      () => messages.some((message) => message.event === 'sessions.changed'),
      'a session change',
      15_000,
    )
    let ended: Awaited<ReturnType<AppHandlers['sessions.list']>>['sessions'] = []
    for (const deadline = Date.now() + 30_000; ended.length === 0 && Date.now() < deadline;) {
      const page = await handlers['sessions.list']({ limit: 200 })
      ended = page.sessions.filter((session) => session.endedAt !== null)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(ended[0]).toMatchObject({
      kind: expect.stringMatching(/voice|text/) as unknown,
      completionReason: expect.any(String) as unknown,
      escalated: expect.any(Boolean) as unknown,
    })
    const page = await handlers['sessions.list']({ limit: 1 })
    expect(page.sessions).toHaveLength(1)
    expect(page.hasMore).toBe(true)
    const all = (await handlers['sessions.list']({ limit: 200 })).sessions
    expect(all.map((session) => session.startedAt)).toEqual(
      [...all].map((session) => session.startedAt).sort((a, b) => b - a),
    )
    expect(await dispatch(handlers, 'sessions.list', { limit: 5000 })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    })
  })

  it('explores the demo in browser mode with a key for this run only', async () => {
    const dataDir = tempDir()
    const { handlers, messages } = await service(dataDir, new RunOnlyVault({}))
    const state = await handlers['demo.start'](undefined)
    expect(state.setup).toBe('demo')
    expect(state.keyProtection).toBe('this-run-only')
    await until(
      () => messages.some((message) => message.event === 'calls.changed'),
      'a live call',
      15_000,
    )
    expect(existsSync(join(dataDir, 'demo.db'))).toBe(true)
    expect(existsSync(join(dataDir, 'sessions.db'))).toBe(false)
  })
})

describe('dispatch', () => {
  const handlers = {
    'app.getState': () => Promise.reject(new Error('a bug quoting +15551234567')),
  } as unknown as AppHandlers

  it('refuses unknown methods and invalid input before the core sees them', async () => {
    expect(await dispatch(handlers, 'shell.exec', {})).toMatchObject({
      ok: false,
      error: { code: 'unknown-method' },
    })
    expect(
      await dispatch(handlers, 'workspace.check', {
        baseUrl: 'file:///etc/passwd',
        workspaceId: 'w',
        apiKey: 'k',
      }),
    ).toEqual({
      ok: false,
      error: {
        code: 'invalid-input',
        message: 'The base URL must start with http:// or https://.',
      },
    })
    expect(await dispatch(handlers, 'workspace.check', { extra: true })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    })
    const connection = { baseUrl: 'https://x.example', workspaceId: 'w', apiKey: 'k' }
    for (const input of [
      { ...connection, name: 'x'.repeat(121) },
      { ...connection, name: 'ok', extra: true },
    ]) {
      expect(await dispatch(handlers, 'workspace.connect', input)).toMatchObject({
        ok: false,
        error: { code: 'invalid-input' },
      })
    }
  })

  it('reports an unexpected failure without its details', async () => {
    const seen: unknown[] = []
    const result = await dispatch(handlers, 'app.getState', undefined, (_method, error) =>
      seen.push(error),
    )
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } })
    expect(JSON.stringify(result)).not.toContain('+15551234567')
    expect(seen).toHaveLength(1)
  })
})
