export {
  observerEventSchemas,
  observerEventTypes,
  workspaceEventSchemas,
  workspaceEventTypes,
  type ObserverEvent,
  type ObserverEventOf,
  type ObserverEventType,
  type WorkspaceEvent,
  type WorkspaceEventOf,
  type WorkspaceEventType,
} from './catalog'
export { clinicalText, phi, sensitiveKindOf, type SensitiveKind } from './fields'
export {
  isSensitiveField,
  listPhiFields,
  listSensitiveFields,
  observerClinicalTextFields,
  observerPhiFields,
  observerSensitiveFields,
  sensitiveFieldNames,
  sensitiveFieldsOf,
  workspaceClinicalTextFields,
  workspacePhiFields,
  workspaceSensitiveFields,
  type EventStream,
  type PhiFieldMap,
  type SensitiveFieldMap,
} from './phi-registry'
export {
  MAX_REDACT_DEPTH,
  REDACTED,
  redactByName,
  redactLike,
  redactSensitive,
} from './redact-sensitive'
export {
  DEFAULT_FRAME_LIMITS,
  DEFAULT_MAX_REST_BODY_BYTES,
  nestsDeeperThan,
  type FrameLimits,
} from './limits'
export {
  headOf,
  QUARANTINE_HEAD_BYTES,
  normalizeObserverFrame,
  normalizeWorkspaceFrame,
  type KnownEvent,
  type MalformedFrame,
  type MalformedReason,
  type NormalizeResult,
  type ObserverResult,
  type UnknownEvent,
  type WorkspaceFrame,
  type WorkspaceResult,
} from './normalize'
export {
  isStreamControlEvent,
  parseStreamControlFrame,
  type StreamControlFrame,
} from './control-frames'
