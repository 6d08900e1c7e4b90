import { afterEach, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator } from '../../simulator/simulator'
import { PlatformClient } from './platform-client'
import { CredentialsRejectedError, PlatformError, RateLimitedError } from './platform-errors'
import { startRawSseServer, type RawSseServer } from './testing/raw-sse-server'
import { advanceToLiveCall } from './testing/simulator-helpers'

const KEY = 'sk_secret_key_that_must_not_leak_0123456789'
let sim: Simulator | null = null
let server: RawSseServer | null = null
afterEach(async () => {
  await sim?.close()
  await server?.close()
  sim = null
  server = null
})

function clientFor(s: Simulator): PlatformClient {
  return new PlatformClient({ baseUrl: s.baseUrl, workspaceId: s.workspaceId, apiKey: s.apiKey })
}

/** The error a promise rejects with (fails the test if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise
  } catch (error) {
    if (error instanceof Error) return error
  }
  throw new Error('expected a rejection')
}

describe('PlatformClient against the simulator', () => {
  it('reads the key info, the active sessions and a call with its turns', async () => {
    sim = await startSimulator({ clock: 'manual', seed: 4 })
    const client = clientFor(sim)
    const me = await client.authMe()
    expect(me.workspace_id).toBe(sim.workspaceId)
    expect(me.expires_in_seconds).toBeGreaterThan(0)
    const callSid = await advanceToLiveCall(sim)
    sim.advance(60_000)
    const active = await client.activeSessions()
    expect(active.map((session) => session.call_sid)).toContain(callSid)
    const detail = await client.callDetail(callSid)
    expect(detail.call_sid).toBe(callSid)
    expect(detail.turns.length).toBeGreaterThan(0)
    expect(detail.turns[0]?.timestamp).toBeTruthy()
    expect(detail.timeline?.segments.length).toBeGreaterThan(0)
    const byEntity = await client.callDetail(detail.id)
    expect(byEntity.call_sid).toBe(callSid)
  })

  it('throws CredentialsRejectedError on 401 and PlatformError on 404', async () => {
    sim = await startSimulator({ clock: 'manual' })
    const client = clientFor(sim)
    const missing = await rejection(client.callDetail('CA_nope'))
    expect(missing).toBeInstanceOf(PlatformError)
    expect(missing).toMatchObject({ status: 404, kind: 'http' })
    sim.setKeyState('revoked')
    const rejected = await rejection(client.activeSessions())
    expect(rejected).toBeInstanceOf(CredentialsRejectedError)
    expect(rejected).toMatchObject({ status: 401 })
    expect(rejected.message).toMatch(
      /Listing the live calls: the platform rejected the API key \(HTTP 401\)/,
    )
    expect(rejected.message).not.toContain(sim.apiKey)
  })
})

describe('PlatformClient errors', () => {
  async function clientAnswering(status: number, body: string, headers = {}) {
    server = await startRawSseServer((response) => {
      response.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(body)
    })
    return new PlatformClient({ baseUrl: server.baseUrl, workspaceId: 'w1', apiKey: KEY })
  }

  it('throws RateLimitedError with the Retry-After on 429', async () => {
    const client = await clientAnswering(429, '{"detail":"slow down"}', { 'Retry-After': '9' })
    const error = await rejection(client.authMe())
    expect(error).toBeInstanceOf(RateLimitedError)
    expect(error).toMatchObject({ status: 429, retryAfterMs: 9000 })
  })

  it('throws PlatformError with the status on 5xx, without the body', async () => {
    const client = await clientAnswering(503, '{"detail":"caller +15550100 not found"}')
    const error = await rejection(client.activeSessions())
    expect(error).toMatchObject({ name: 'PlatformError', status: 503, kind: 'http' })
    expect(error.message).toBe('Listing the live calls: the platform answered HTTP 503.')
  })

  it('rejects an answer that is not JSON, or off its schema, naming fields but not values', async () => {
    const notJson = await clientAnswering(200, 'not json')
    expect(await rejection(notJson.authMe())).toMatchObject({ kind: 'invalid_response' })
    await server?.close()
    const offSchema = await clientAnswering(200, '[{"call_sid":"CA1","caller_id":"+15550100"}]')
    const error = await rejection(offSchema.activeSessions())
    expect(error).toMatchObject({ kind: 'invalid_response' })
    expect(error.message).toMatch(/0\.direction/)
    expect(error.message).not.toContain('+15550100')
  })

  it('reports an unreachable platform as a network error, without the key', async () => {
    const client = await clientAnswering(200, '{}')
    const baseUrl = server?.baseUrl ?? ''
    await server?.close()
    server = null
    const unreachable = new PlatformClient({ baseUrl, workspaceId: 'w1', apiKey: KEY })
    const error = await rejection(unreachable.authMe())
    expect(error).toMatchObject({ status: null, kind: 'network' })
    expect(error.message).not.toContain(KEY)
    expect(client).toBeInstanceOf(PlatformClient)
  })
})
