import { z } from 'zod'
import {
  callDirection,
  completionReason,
  id,
  operatorMode,
  operatorStatus,
  phi,
  workspaceEvent,
} from '../fields'

// Spec 2.5, "Call events", "Operator events" and "Text-session events".

export const callEvents = [
  workspaceEvent('call.started', {
    call_sid: z.string(),
    caller_id: phi(z.string().nullish()),
    direction: callDirection,
    service_id: id(),
  }),
  workspaceEvent('call.ended', {
    call_sid: z.string(),
    completion_reason: completionReason,
    direction: callDirection,
    duration_seconds: z.number(),
    escalated: z.boolean().default(false),
  }),
  workspaceEvent('call.escalated', {
    call_sid: z.string(),
    escalation_id: z.string(),
    reason: z.string(),
    trigger: z.enum(['caller', 'ai', 'operator']),
  }),
] as const

export const operatorEvents = [
  workspaceEvent('operator.registered', {
    operator_id: id(),
    timestamp: z.string().nullish(),
  }),
  workspaceEvent('operator.status_changed', {
    operator_id: id(),
    status: operatorStatus,
  }),
  workspaceEvent('operator.profile_updated', {
    changes: z.record(z.string(), z.string().nullable()).nullish(),
    operator_id: id(),
  }),
  workspaceEvent('operator.joined_call', {
    call_sid: z.string(),
    mode: operatorMode,
    operator_id: id(),
  }),
  workspaceEvent('operator.mode_changed', {
    call_sid: z.string(),
    mode: operatorMode,
    operator_id: id(),
  }),
  workspaceEvent('operator.left_call', {
    call_sid: z.string(),
    human_segment_turn_count: z.int().nullish(),
    operator_id: id(),
  }),
  workspaceEvent('operator.wrap_up', {
    call_sid: z.string(),
    wrap_up_reason: z.string().nullish(),
  }),
] as const

export const textEvents = [
  workspaceEvent('text.started', {
    channel_kind: z.string(),
    entity_id: id().nullish(),
    service_id: id(),
    session_id: z.string(),
  }),
  workspaceEvent('text.completed', {
    channel_kind: z.string(),
    completion_reason: z.string().nullish(),
    duration_seconds: z.number(),
    final_state: z.string(),
    session_id: z.string(),
    turn_count: z.int(),
  }),
] as const
