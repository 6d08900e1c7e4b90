import { z } from 'zod'
import { clinicalText, fillerType, id, observerEvent, participantRole, phi } from '../fields'

// Spec 3.7: emotion and empathy, conversation dynamics, conference participants, call control.

const emotionScore = z.object({ name: z.string(), score: z.number() })
const emotionBurst = z.object({ score: z.number(), type: z.string() })
const speakerAcoustics = z.object({
  energy_delta: z.number().nullish(),
  energy_trend: z.enum(['rising', 'falling', 'stable']).nullish(),
  normalized: z.boolean().nullish(),
  pitch_delta: z.number().nullish(),
  zcr_delta: z.number().nullish(),
})

export const emotionEvents = [
  observerEvent('emotion', {
    arousal: z.number(),
    barge_in_count: z.int().default(0),
    call_duration_s: z.number().nullish(),
    coherence: z.number().nullish(),
    dominance: z.number().nullish(),
    dominant: z.string(),
    emotional_shifts: z.int().nullish(),
    language_sentiment: z.number().nullish(),
    language_toxicity: z.record(z.string(), z.number()).nullish(),
    provider: z.string().nullish(),
    recent_bursts: z.array(emotionBurst).nullish(),
    scores: z.array(emotionScore).nullish(),
    segment_arousal: z.number().nullish(),
    segment_dominant: z.string().nullish(),
    segment_valence: z.number().nullish(),
    speaker: speakerAcoustics.nullish(),
    speaker_similarity: z.number().nullish(),
    total_segments: z.int().nullish(),
    trend: z.enum(['improving', 'stable', 'deteriorating']).nullish(),
    turn_count: z.int().nullish(),
    valence: z.number(),
    verified_speaker_id: phi(z.string().nullish()),
  }),
  observerEvent('compound_emotion', {
    compounds: z.array(emotionScore),
    turn_index: z.int(),
  }),
  observerEvent('empathy_classified', {
    empathy_baseline: z.number(),
    filler_type: fillerType,
    should_pause: z.boolean(),
    suppress_filler: z.boolean(),
    tier: z.int(),
    tier_name: z.enum(['FUNCTIONAL', 'LIGHT_TOUCH', 'FULL_EMPATHY', 'HOLD_SPACE']),
  }),
  observerEvent('voice_context_applied', {
    emotion_detection_enabled: z.boolean(),
    filler_enabled: z.boolean(),
    // The agent's reasoning about the caller's state, in words ("caller distress rising …").
    reasoning: clinicalText(z.string()),
    tts_emotion: z.string().nullish(),
    tts_speed: z.number().nullish(),
    tts_volume: z.number().nullish(),
  }),
] as const

const participant = {
  conference_sid: z.string(),
  display_name: phi(z.string().nullish()),
  operator_entity_id: id().nullish(),
  participant_id: z.string(),
  participant_role: participantRole,
  phone_number: phi(z.string().nullish()),
}

export const callControlEvents = [
  observerEvent('barge_in', {
    discarded_texts: phi(z.array(z.string()).nullish()),
    interrupted_speaker_id: z.string().nullish(),
    interrupted_text: phi(z.string().nullish()),
    interrupting_speaker_id: z.string().nullish(),
    total_barge_ins: z.int().nullish(),
  }),
  observerEvent('speaker_muted', {
    muted: z.boolean(),
  }),
  observerEvent('participant_joined', {
    ...participant,
    participant_name: phi(z.string().nullish()),
  }),
  observerEvent('participant_left', participant),
  observerEvent('forward_call_resolved', {
    // Telephony error text, which can quote the number dialled or who was asked for.
    error: clinicalText(z.string().nullish()),
    location_name: z.string().nullish(),
    result: z.string().nullish(),
    target_number: phi(z.string().nullish()),
  }),
] as const
