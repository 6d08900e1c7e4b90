import type { Simulator } from '../../../simulator/simulator'
import type { SentFrame } from '../../../simulator/frame-log'
import { getJson } from '../../../simulator/testing/raw-clients'

export type SentWorkspaceFrame = Extract<SentFrame, { stream: 'workspace' }>

/** Workspace frames the simulator sent (events and malformed, not control frames). */
export function sentWorkspaceFrames(sim: Simulator): SentWorkspaceFrame[] {
  return sim.log.frames.filter(
    (frame): frame is SentWorkspaceFrame =>
      frame.stream === 'workspace' && frame.kind !== 'control',
  )
}

/** Each sent frame once (a replay sends some again), in id order. */
export function uniqueSentFrames(sim: Simulator): SentWorkspaceFrame[] {
  const byId = new Map<string, SentWorkspaceFrame>()
  for (const frame of sentWorkspaceFrames(sim)) byId.set(frame.sseId, frame)
  return [...byId.values()].sort((a, b) => Number(a.sseId) - Number(b.sseId))
}

/** The calls live now, from `GET sessions/active` (independent of any stream being open). */
export async function liveCalls(sim: Simulator): Promise<string[]> {
  const response = await getJson(sim.baseUrl, `/v1/${sim.workspaceId}/sessions/active`, {
    Authorization: `Bearer ${sim.apiKey}`,
  })
  const sessions = response.body as { call_sid: string }[]
  return sessions.map((session) => session.call_sid)
}

/** Plays the scenario a second at a time until a call not in `except` is live; returns its SID. */
export async function advanceToLiveCall(
  sim: Simulator,
  except: ReadonlySet<string> = new Set(),
): Promise<string> {
  for (let step = 0; step < 1200; step++) {
    sim.advance(1000)
    const live = (await liveCalls(sim)).find((callSid) => !except.has(callSid))
    if (live !== undefined) return live
  }
  throw new Error('no call started within twenty simulated minutes')
}
