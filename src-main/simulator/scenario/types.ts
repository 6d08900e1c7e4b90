import type { ObserverEvent, WorkspaceEvent } from '../../core/events'

/**
 * One thing the simulated platform does at a moment of simulated time: publish a workspace event
 * on the SSE stream, or send an observer event to whoever observes a call. `at` is milliseconds of
 * simulated time since the scenario began; a scenario yields emissions in non-decreasing `at`.
 */
export type Emission =
  | { at: number; stream: 'workspace'; event: WorkspaceEvent }
  | { at: number; stream: 'observer'; callSid: string; event: ObserverEvent }

export interface ScenarioOptions {
  /** Same seed, same emissions, in the same order, with the same payloads. */
  seed: number
  /** Mean rate of new voice calls (a Poisson process). Default 6. */
  callsPerMinute?: number
  /** At most this many voice calls at once; a call due while at the cap starts when one ends. Default 8. */
  concurrency?: number
  /**
   * The workspace id the scenario's events name (session_info.workspace_id and the like).
   * Default: a fixed demo workspace id.
   */
  workspaceId?: string
  /**
   * The wall-clock moment (Unix ms) that simulated time 0 stands for, used only by the few payload
   * fields that carry a timestamp (`operator.registered.timestamp`, `surface.submitted.submitted_at`).
   * Default: a fixed moment, so that payloads do not depend on when the run happens.
   */
  epochMs?: number
}
