import { z } from 'zod'
import { lenientList, opaqueObject, openEnum } from './schema-kit'

// `PlaybackTimeline` (spec 4.4): the platform's own after-the-call timeline, the `timeline` of
// `CallDetailResponse` and the whole answer of `GET .../calls/{call_id}/timeline`. Times are
// seconds from `timebase.origin`.

export const timelineLane = openEnum(['agent', 'caller', 'events', 'operator', 'system', 'tool'])
export const timelineTrack = openEnum(['agent', 'caller', 'operator', 'system', 'tool'])

export const timelineSegmentType = openEnum([
  'agent_speech',
  'barge_in',
  'caller_speech',
  'filler_hesitation',
  'filler_nav',
  'greeting',
  'interrupted_speech',
  'processing_gap',
  'silence',
  'silence_check',
  'state_transition',
  'tool_call',
])

/** `TimelineSegment`: one typed stretch of one lane. */
export const timelineSegmentSchema = z.object({
  actor: opaqueObject.nullish(),
  audio_ttfb_ms: z.number().nullish(),
  audio_window_end: z.number().nullish(),
  audio_window_start: z.number().nullish(),
  call_id: z.string().nullish(),
  duration_ms: z.number().nullish(),
  e2e_ttfb_ms: z.number().nullish(),
  emotion: z.string().nullish(),
  end: z.number(),
  endpoint_name: z.string().nullish(),
  engine_ms: z.number().nullish(),
  eot_confidence: z.number().nullish(),
  from_state: z.string().nullish(),
  integration_name: z.string().nullish(),
  label: z.string(),
  lane: timelineLane,
  lane_id: z.string().nullish(),
  nav_ms: z.number().nullish(),
  order: z.int().nullish(),
  parent_call_id: z.string().nullish(),
  protocol: z.string().nullish(),
  render_ms: z.number().nullish(),
  start: z.number(),
  state: z.string().nullish(),
  stt_confidence: z.number().nullish(),
  succeeded: z.boolean().nullish(),
  to_state: z.string().nullish(),
  tool_name: z.string().nullish(),
  track: timelineTrack.nullish(),
  turn_index: z.int(),
  type: timelineSegmentType,
  valence: z.number().nullish(),
})

/** `TurnTimeline`: where a turn is on the timebase, for seeking. */
export const turnTimelineSchema = z.object({
  active_end: z.number(),
  active_start: z.number(),
  seek_to: z.number(),
  turn_index: z.int(),
})

/** `TimelineLaneDefinition`. */
export const timelineLaneDefinitionSchema = z.object({
  actor: opaqueObject.nullish(),
  id: z.string(),
  label: z.string(),
  order: z.int(),
  track: timelineTrack,
})

/** `TimelineTimebase`. */
export const timelineTimebaseSchema = z.object({
  end: z.number().default(0),
  origin: openEnum(['media_start', 'call_start', 'synthetic']).default('media_start'),
  start: z.number().default(0),
  unit: z.string().default('seconds'),
})

/** `PlaybackTimeline`. */
export const playbackTimelineSchema = z.object({
  avg_perceived_latency_ms: z.number().nullish(),
  avg_processing_gap_ms: z.number().nullish(),
  duration_seconds: z.number(),
  lanes: lenientList(timelineLaneDefinitionSchema).default([]),
  max_processing_gap_ms: z.number().nullish(),
  segments: lenientList(timelineSegmentSchema),
  timebase: timelineTimebaseSchema.nullish().catch(null),
  total_agent_speech_seconds: z.number().default(0),
  total_silence_seconds: z.number().default(0),
  total_user_speech_seconds: z.number().default(0),
  turns: lenientList(turnTimelineSchema),
})

export type TimelineSegment = z.output<typeof timelineSegmentSchema>
export type TurnTimeline = z.output<typeof turnTimelineSchema>
export type PlaybackTimeline = z.output<typeof playbackTimelineSchema>
export type PlaybackTimelineInput = z.input<typeof playbackTimelineSchema>
