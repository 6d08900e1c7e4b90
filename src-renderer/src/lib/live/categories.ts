import type { EventCategory } from '../../../../src-main/api'

/** How each feed category is named on screen. */
export const categoryLabels: Readonly<Record<EventCategory, string>> = {
  call: 'Call',
  operator: 'Operator',
  text: 'Text',
  surface: 'Surface',
  channel: 'Channel',
  pipeline: 'Pipeline',
  trigger: 'Trigger',
  review: 'Review',
  encounter: 'Encounter',
  simulation: 'Simulation',
  workspace: 'Workspace',
  other: 'Other',
}
