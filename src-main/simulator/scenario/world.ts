import type { Random } from './random'
import type { Script } from './script'

/** The demo workspace's id, used when the options name none. */
export const DEFAULT_WORKSPACE_ID = '7b3e9c14-2f6a-4d8b-9e1c-5a0f3d7b2c61'

/**
 * The simulated moment the scenario begins (2026-11-23T14:00:00Z, a Monday morning on the US east
 * coast), for the few payload fields that carry a timestamp. It is fixed, never the wall clock, so
 * a seed always produces the same payloads.
 */
export const DEFAULT_EPOCH_MS = 1795442400000

/** What every part of the scenario may need to know about the run. */
export interface World {
  seed: number
  workspaceId: string
  epochMs: number
}

/** The ISO 8601 time of simulated moment `at` (ms since the scenario began). */
export function isoAt(world: World, at: number): string {
  // Formatting a fixed epoch plus simulated time: deterministic, unlike reading the clock.
  return new Date(world.epochMs + at).toISOString()
}

/** One self-contained piece of background activity, written from `script.now` on. */
export type Episode = (script: Script, rng: Random, world: World) => void
