import { billing } from './billing'
import { pharmacy } from './pharmacy'
import { scheduling } from './scheduling'
import type { ServiceDialogue, ServiceInfo } from './types'

/** The demo workspace's voice services, each with its call content. */
export const SERVICE_DIALOGUES: readonly ServiceDialogue[] = [scheduling, pharmacy, billing]

/** The demo workspace's services: ids, names and context-graph states. */
export const SERVICES: readonly ServiceInfo[] = SERVICE_DIALOGUES.map((dialogue) => dialogue.info)

export { callbackPromise, CLINIC, fill, fillers, holdLines, noOperatorFree } from './common'
export type {
  DirectionScript,
  EscalationScene,
  Exchange,
  Facts,
  ForwardScene,
  OperatorSkill,
  ServiceDialogue,
  ServiceInfo,
  ServiceKey,
  Speaker,
  ToolSpec,
} from './types'
