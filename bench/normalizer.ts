import {
  normalizeObserverFrame,
  normalizeWorkspaceFrame,
  observerEventTypes,
  workspaceEventTypes,
  type WorkspaceFrame,
} from '../src-main/core/events'
import { observerSamples, workspaceSamples } from '../src-main/core/events/testing/samples'
import { measureRate, report } from './harness'

type Frame = { stream: 'workspace'; frame: WorkspaceFrame } | { stream: 'observer'; text: string }

/**
 * How often each observer type appears in a live call, roughly: streamed agent deltas dominate,
 * then transcripts and per-turn timing; lifecycle frames are rare. Types not listed weigh 1.
 */
const observerWeights: Partial<Record<string, number>> = {
  agent_transcript_delta: 30,
  user_transcript: 8,
  agent_transcript: 8,
  latency: 6,
  nav_timing: 6,
  emotion: 5,
  state_transition: 4,
  tool_call_started: 3,
  tool_call_completed: 3,
  compound_emotion: 3,
  empathy_classified: 3,
}

/** A deterministic mix: one frame in five from the workspace stream, the rest from observers. */
export function realisticFrameMix(count: number): Frame[] {
  const observerDeck = observerEventTypes.flatMap((type) =>
    Array.from({ length: observerWeights[type] ?? 1 }, () => type),
  )
  let id = 1_767_225_600_000
  return Array.from({ length: count }, (_, index): Frame => {
    if (index % 5 === 0) {
      const type = workspaceEventTypes[(index / 5) % workspaceEventTypes.length] ?? 'call.started'
      const payload = { ...workspaceSamples[type] }
      return {
        stream: 'workspace',
        frame: { id: String(id++), event: type, data: JSON.stringify(payload) },
      }
    }
    const type = observerDeck[(index * 7919) % observerDeck.length] ?? 'agent_transcript_delta'
    // Half the frames nest the payload under `data`, the other documented envelope.
    const payload = observerSamples[type]
    const frame = index % 2 === 0 ? { type, ...payload } : { type, data: payload }
    return { stream: 'observer', text: JSON.stringify(frame) }
  })
}

export function benchNormalizer(): boolean {
  const frames = realisticFrameMix(20_000)
  const baseline = measureRate(frames, (item) =>
    JSON.parse(item.stream === 'workspace' ? item.frame.data : item.text),
  )
  const measured = measureRate(frames, (item) =>
    item.stream === 'workspace'
      ? normalizeWorkspaceFrame(item.frame)
      : normalizeObserverFrame(item.text),
  )
  return report(
    'normalizer throughput (frames)',
    measured,
    { ...baseline, name: 'JSON.parse alone' },
    { minPerSecond: 300_000, maxTimeRatio: 2.5 },
  )
}
