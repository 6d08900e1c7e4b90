import { afterEach, describe, expect, it } from 'vitest'
import {
  activeSessionsSchema,
  authInfoSchema,
  callDetailSchema,
  callListSchema,
} from '../core/platform/rest'
import { startSimulator, type Simulator } from './simulator'
import { getJson, openRawStream, until } from './testing/raw-clients'

let sim: Simulator | null = null
afterEach(async () => {
  await sim?.close()
  sim = null
})

function auth(s: Simulator): Record<string, string> {
  return { Authorization: `Bearer ${s.apiKey}` }
}

/** Plays ten minutes with one stream open, and returns the call.started / call.ended SIDs sent. */
async function tenMinutes(s: Simulator) {
  const stream = await openRawStream(s.baseUrl, `/v1/${s.workspaceId}/events/stream`, auth(s))
  await until(() => s.streamCount() === 1, 'the stream')
  s.advance(10 * 60_000)
  stream.close()
  const sids = (event: string) =>
    s.log.frames.flatMap((f) =>
      f.stream === 'workspace' && f.event === event
        ? [(JSON.parse(f.data) as { call_sid: string }).call_sid]
        : [],
    )
  return { started: sids('call.started'), ended: sids('call.ended') }
}

describe('REST endpoints (spec 1, 4)', () => {
  it('GET /v1/auth/me describes the key and when it expires; 401 without it', async () => {
    const s = (sim = await startSimulator({ clock: 'manual' }))
    const me = await getJson(s.baseUrl, '/v1/auth/me', auth(s))
    expect(me.status).toBe(200)
    const info = authInfoSchema.parse(me.body)
    expect(info.workspace_id).toBe(s.workspaceId)
    expect(info.expires_in_seconds).toBeGreaterThan(0)
    expect((await getJson(s.baseUrl, '/v1/auth/me')).status).toBe(401)
    s.setKeyState('revoked')
    expect((await getJson(s.baseUrl, '/v1/auth/me', auth(s))).status).toBe(401)
  })

  it('GET sessions/active lists exactly the calls started and not yet ended', async () => {
    const s = (sim = await startSimulator({ clock: 'manual', seed: 3 }))
    const { started, ended } = await tenMinutes(s)
    const response = await getJson(s.baseUrl, `/v1/${s.workspaceId}/sessions/active`, auth(s))
    const active = activeSessionsSchema.parse(response.body)
    const live = started.filter((sid) => !ended.includes(sid))
    expect(active.map((session) => session.call_sid).sort()).toEqual([...live].sort())
    expect(active.every((session) => session.workspace_id === s.workspaceId)).toBe(true)
  })

  it('GET calls pages through the history, newest first', async () => {
    const s = (sim = await startSimulator({ clock: 'manual', seed: 3 }))
    const { started } = await tenMinutes(s)
    const first = callListSchema.parse(
      (await getJson(s.baseUrl, `/v1/${s.workspaceId}/calls?limit=2`, auth(s))).body,
    )
    expect(first.total).toBe(started.length)
    expect(first.items.map((call) => call.call_sid)).toEqual(started.slice(-2).reverse())
    expect(first.has_more).toBe(started.length > 2)
    const second = callListSchema.parse(
      (
        await getJson(
          s.baseUrl,
          `/v1/${s.workspaceId}/calls?limit=2&continuation_token=${first.continuation_token ?? 0}`,
          auth(s),
        )
      ).body,
    )
    expect(second.items[0]?.call_sid).toBe(started.at(-3))
    const invalid = await getJson(s.baseUrl, `/v1/${s.workspaceId}/calls?limit=500`, auth(s))
    expect(invalid.status).toBe(422)
  })

  it('GET calls/{id} returns the turns the observer stream carried, by SID or entity id', async () => {
    const s = (sim = await startSimulator({ clock: 'manual', seed: 3 }))
    await tenMinutes(s)
    const list = callListSchema.parse(
      (await getJson(s.baseUrl, `/v1/${s.workspaceId}/calls?limit=100`, auth(s))).body,
    )
    const longest = list.items
      .filter((call) => call.status === 'completed')
      .sort((a, b) => (b.turns ?? 0) - (a.turns ?? 0))[0]
    const callSid = longest?.call_sid ?? ''
    const bySid = await getJson(s.baseUrl, `/v1/${s.workspaceId}/calls/${callSid}`, auth(s))
    const detail = callDetailSchema.parse(bySid.body)
    expect(detail.status).toBe('completed')
    expect(detail.turns.length).toBeGreaterThan(1)
    expect(detail.turns.some((turn) => (turn.user_transcript ?? '').length > 0)).toBe(true)
    expect(detail.turns.some((turn) => (turn.agent_transcript ?? '').length > 0)).toBe(true)
    const byEntity = await getJson(s.baseUrl, `/v1/${s.workspaceId}/calls/${detail.id}`, auth(s))
    expect(callDetailSchema.parse(byEntity.body).call_sid).toBe(callSid)
    const missing = await getJson(s.baseUrl, `/v1/${s.workspaceId}/calls/CAnope`, auth(s))
    expect(missing.status).toBe(404)
  })
})
