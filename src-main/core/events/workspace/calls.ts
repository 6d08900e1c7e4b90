import { z } from 'zod'
import {
  callDirection,
  clinicalText,
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
    // Why the call needs a human, in words: "Reported dizziness and a near-fall after a dose
    // change" is the caller's health.
    reason: clinicalText(z.string()),
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
    // Free-form profile values as typed: a display name, a phone number.
    changes: clinicalText(z.record(z.string(), z.string().nullable()).nullish()),
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
    // How the operator wrapped the call up, in their words or codes (`clinical_follow_up`,
    // `financial_assistance_referral`): about the caller's care.
    wrap_up_reason: clinicalText(z.string().nullish()),
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
