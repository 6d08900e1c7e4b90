import type { Person } from '../people'
import type { Random } from '../random'

/**
 * The content of the demo's calls, kept apart from the mechanics that time and emit it. Lines are
 * templates: `{first}`, `{provider}` and the like are filled from the call's facts; a template
 * naming a fact the call does not have is a bug and throws.
 */
export type Facts = Readonly<Record<string, string>>

/** What a skill-matched operator does: the escalation scene asks for one. */
export type OperatorSkill = 'front_desk' | 'nurse' | 'pharmacy' | 'billing'

export type ServiceKey = 'scheduling' | 'pharmacy' | 'billing'

export interface ServiceInfo {
  key: ServiceKey
  id: string
  name: string
  /** The states of the service's context graph on its main path, in order. */
  states: readonly string[]
}

export interface ToolSpec {
  name: string
  integration: string
  endpoint: string
  protocol: string
  input: (facts: Facts) => Record<string, unknown>
  /** The tool's result as the platform reports it: text, usually JSON. */
  output: (facts: Facts) => string
  durationMs: readonly [min: number, max: number]
  /** What the agent says while the tool runs (a 'working' filler). */
  fillers: readonly string[]
  errors: readonly string[]
}

/** One round of conversation: the caller speaks, the agent may move state and use a tool, then replies. */
export interface Exchange {
  /** Variants of the caller's line; one is picked. */
  caller: readonly string[]
  /** Variants said instead by a caller who is upset at that point. */
  upset?: readonly string[]
  /** The action the agent's navigator selects (reported in nav_timing and agent_transcript). */
  action: string
  /** The state the agent moves to on hearing the caller, if it moves. */
  to?: string
  tool?: ToolSpec
  agent: readonly string[]
  /** Chance that this optional detour happens at all; absent means always. */
  chance?: number
}

export type Speaker = 'caller' | 'operator'

export interface EscalationScene {
  trigger: 'caller' | 'ai'
  reason: string
  skill: OperatorSkill
  /** What the caller says that leads to the escalation. */
  caller: readonly string[]
  /** The agent's hand-off line while it finds an operator. */
  agent: readonly string[]
  /** The operator and the caller talking, in order, while the operator has taken over. */
  conversation: readonly (readonly [Speaker, readonly string[]])[]
  /** The operator's line before handing the call back to the agent. */
  handBack: readonly string[]
  /** The agent's first line after the hand-back. */
  agentResumes: readonly string[]
  /** The operator's goodbye when the operator finishes the call. */
  operatorGoodbye: readonly string[]
  wrapUpReasons: readonly string[]
}

export interface ForwardScene {
  caller: readonly string[]
  agent: readonly string[]
  locationName: string
  /** The agent's line when the forward target does not answer. */
  failed: readonly string[]
}

export interface DirectionScript {
  greeting: readonly string[]
  /** From the greeting to a verified caller. */
  opening: readonly Exchange[]
  /** The service's own work. One exchange moves to 'confirmation'; optional detours may follow. */
  task: readonly Exchange[]
  /** Confirmation and goodbye. The last exchange moves to 'goodbye'. */
  closing: readonly Exchange[]
}

export interface ServiceDialogue {
  info: ServiceInfo
  /** How often callers pick this service, relative to the others. */
  weight: number
  facts: (rng: Random, person: Person) => Record<string, string>
  inbound: DirectionScript
  /** Calls the agent places (reminders, refill-ready notices), if the service makes any. */
  outbound?: DirectionScript & { voicemail: readonly string[] }
  escalations: readonly EscalationScene[]
  forward: ForwardScene
}
