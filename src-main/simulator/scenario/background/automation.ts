import { SERVICES } from '../dialogue'
import { prefixedHex } from '../ids'
import type { Random } from '../random'
import type { Script } from '../script'
import type { Episode } from '../world'

// The platform's machinery around the calls: data pipelines, triggers, human review queues,
// simulated test conversations and the narrative ("self image") briefs it writes about patients.

const DATA_SOURCES = [
  { id: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f', pipeline: 'ehr-appointments-sync' },
  { id: '5d6e7f8a-9b0c-4d1e-8f2a-3b4c5d6e7f80', pipeline: 'pharmacy-claims-feed' },
] as const

const PIPELINE_FAILURES = [
  ['UPSTREAM_UNAVAILABLE', 'Upstream EHR returned HTTP 503 during incremental sync'],
  ['SCHEMA_MISMATCH', 'Field "appointment_status" had an unexpected value "no-show?"'],
  ['AUTH_EXPIRED', 'OAuth token for the pharmacy claims feed expired; re-authorization needed'],
] as const

const TRIGGERS = [
  { id: '7d8e9f0a-1b2c-4d3e-9f4a-5b6c7d8e9f0a', name: 'Refill ready — notify patient' },
  { id: '8e9f0a1b-2c3d-4e4f-8a5b-6c7d8e9f0a1b', name: 'No-show follow-up' },
  { id: '9f0a1b2c-3d4e-4f5a-9b6c-7d8e9f0a1b2c', name: 'Daily appointment reminders' },
  { id: '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d', name: 'Overdue balance nudge' },
] as const

/** A data source finished syncing. */
export function pipelineSync(script: Script, rng: Random): void {
  const source = rng.pick(DATA_SOURCES)
  script.workspace({
    event_type: 'pipeline.sync_completed',
    data_source_id: source.id,
    duration_ms: rng.int(800, 15000),
    event_count: rng.int(0, 600),
  })
}

/**
 * A pipeline failed. The platform sends two shapes (spec 2.5): the OpenAPI's, and the one the
 * vendor SDK's stream tests send; both are valid, so the demo shows both.
 */
export function pipelineError(shape: 'openapi' | 'sdk'): Episode {
  return (script, rng) => {
    publishPipelineError(script, rng, shape)
  }
}

/** A pipeline error in either shape, mostly the OpenAPI's. */
export const anyPipelineError: Episode = (script, rng) => {
  publishPipelineError(script, rng, rng.chance(0.7) ? 'openapi' : 'sdk')
}

function publishPipelineError(script: Script, rng: Random, shape: 'openapi' | 'sdk'): void {
  const source = rng.pick(DATA_SOURCES)
  const [code, message] = rng.pick(PIPELINE_FAILURES)
  script.workspace(
    shape === 'openapi'
      ? { event_type: 'pipeline.error', data_source_id: source.id, error: message }
      : {
          event_type: 'pipeline.error',
          pipeline_name: source.pipeline,
          error_code: code,
          error_message: message,
        },
  )
}

/** A trigger fires and, some seconds later, completes or fails. */
export function triggerRun(fails: boolean, manual: boolean): Episode {
  return (script, rng) => {
    runTrigger(script, rng, fails, manual)
  }
}

/** A trigger run that mostly succeeds and is mostly fired by its schedule. */
export const anyTriggerRun: Episode = (script, rng) => {
  runTrigger(script, rng, rng.chance(0.15), rng.chance(0.2))
}

function runTrigger(script: Script, rng: Random, fails: boolean, manual: boolean): void {
  const trigger = rng.pick(TRIGGERS)
  const identity = { trigger_id: trigger.id, trigger_name: trigger.name }
  script.workspace({ event_type: 'trigger.fired', ...identity, manual })
  script.wait(rng.between(1000, 25000))
  script.workspace(
    fails
      ? {
          event_type: 'trigger.failed',
          ...identity,
          status: rng.pick(['failed', 'timed_out']),
        }
      : { event_type: 'trigger.completed', ...identity, status: 'succeeded' },
  )
}

/** A reviewer works through a queue of items other than forms (transcripts, extractions). */
export function reviewBatch(script: Script, rng: Random): void {
  const batch = rng.chance(0.6)
  script.workspace({
    event_type: 'review.submitted',
    action: batch
      ? rng.pick(['batch_approve', 'batch_reject'] as const)
      : rng.pick(['approve', 'reject', 'correct'] as const),
    count: batch ? rng.int(3, 40) : 1,
    entity_type: rng.pick(['transcript', 'extraction', 'call']),
    ...(batch ? {} : { entity_id: rng.uuid(), item_id: prefixedHex(rng, 'rvw') }),
  })
}

/** A simulated test conversation runs through a service's graph, one stored turn at a time. */
export function simulationRun(script: Script, rng: Random): void {
  const service = rng.pick(SERVICES)
  const runId = prefixedHex(rng, 'simrun')
  const sessionId = prefixedHex(rng, 'simses')
  const states = service.states
  let position = 0
  let stayed = false
  for (let turn = 0; position < states.length - 1; turn++) {
    // Most turns move one state along; some stay put once (a clarifying question).
    const next: number = !stayed && rng.chance(0.3) ? position : position + 1
    stayed = next === position
    script.wait(rng.between(1500, 6000)).workspace({
      event_type: 'simulation.turn_stored',
      run_id: runId,
      session_id: sessionId,
      service_id: service.id,
      turn_index: turn,
      state_before: states[position] ?? 'greeting',
      state_after: states[next] ?? 'goodbye',
      is_terminal: next === states.length - 1,
    })
    position = next
  }
}

/** The platform rewrites its narrative brief about a patient after new events. */
export function narrativeBrief(script: Script, rng: Random): void {
  script.workspace({
    event_type: 'self_image.brief_generated',
    event_id: rng.uuid(),
    target_entity_id: rng.uuid(),
    target_entity_type: rng.pick(['patient', 'patient', 'operator']),
    confidence: Math.round(rng.between(0.6, 0.96) * 100) / 100,
    event_count: rng.int(12, 480),
    version: `v${rng.int(2, 40)}`,
  })
}
