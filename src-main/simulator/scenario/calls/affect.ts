import type { ObserverEventOf } from '../../../core/events'
import type { Random } from '../random'

/** Where a caller's mood is heading over the call. */
export type MoodArc = 'improving' | 'stable' | 'deteriorating'

type Tier = ObserverEventOf<'empathy_classified'>['tier_name']
type FillerType = ObserverEventOf<'empathy_classified'>['filler_type']

const TIERS: readonly Tier[] = ['FUNCTIONAL', 'LIGHT_TOUCH', 'FULL_EMPATHY', 'HOLD_SPACE']

const ARC_DRIFT: Record<MoodArc, readonly [number, number]> = {
  improving: [0.08, 0.15],
  stable: [-0.02, 0.02],
  deteriorating: [-0.14, -0.07],
}

const ARC_START: Record<MoodArc, readonly [number, number]> = {
  improving: [-0.5, -0.2],
  stable: [-0.1, 0.35],
  deteriorating: [-0.1, 0.1],
}

/**
 * The caller's emotional state as the platform's emotion model would read it, one reading per
 * caller segment. Valence follows the call's arc with noise; the reported `valence` is smoothed
 * over segments, `segment_valence` is the raw reading, and `trend` compares the smoothed value with
 * the one two readings back, as a dashboard would.
 */
export class Affect {
  private segmentValence: number
  private smoothed: number
  private arousal: number
  private drift: number
  private readonly history: number[] = []
  private dominant = ''
  private shifts = 0
  private adapted = false
  readonly baseline: number
  readonly startValence: number
  private lowest: number

  constructor(
    private readonly rng: Random,
    arc: MoodArc,
  ) {
    const [from, to] = ARC_START[arc]
    this.segmentValence = rng.between(from, to)
    this.smoothed = this.segmentValence
    this.startValence = round(this.segmentValence)
    this.lowest = this.smoothed
    this.arousal = this.arousalFor(this.segmentValence)
    this.drift = this.driftFor(arc)
    this.baseline = round(rng.between(0.25, 0.5))
  }

  /** The caller's mood changes course (an operator joined, the problem got solved). */
  setArc(arc: MoodArc): void {
    this.drift = this.driftFor(arc)
  }

  /** A one-off jolt, such as a failed lookup. */
  nudge(delta: number): void {
    this.segmentValence = clamp(this.segmentValence + delta)
  }

  get upset(): boolean {
    return this.segmentValence < -0.3
  }

  get tierIndex(): number {
    const v = this.segmentValence
    return v > 0.05 ? 0 : v > -0.3 ? 1 : v > -0.6 ? 2 : 3
  }

  /** Reads the caller's latest segment. */
  read(turnCount: number, callDurationS: number, bargeIns: number): ObserverEventOf<'emotion'> {
    this.segmentValence = clamp(this.segmentValence + this.drift + this.rng.between(-0.05, 0.05))
    this.smoothed = round(0.55 * this.smoothed + 0.45 * this.segmentValence)
    this.lowest = Math.min(this.lowest, this.smoothed)
    this.arousal = this.arousalFor(this.segmentValence)
    this.history.push(this.smoothed)
    const previous = this.dominant
    this.dominant = this.dominantFor(this.smoothed, this.arousal, previous)
    if (previous !== '' && previous !== this.dominant) this.shifts++
    const segmentDominant = this.dominantFor(this.segmentValence, this.arousal, this.dominant)
    const second = this.rng.pick(
      ['interest', 'concentration', 'doubt', 'tiredness'].filter((name) => name !== this.dominant),
    )
    const top = round(this.rng.between(0.42, 0.68))
    const bursts = this.upset && this.rng.chance(0.4) ? [{ type: 'sigh', score: top }] : []
    return {
      type: 'emotion',
      valence: this.smoothed,
      arousal: round(this.arousal),
      dominance: round(this.rng.between(0.35, 0.7)),
      dominant: this.dominant,
      scores: [
        { name: this.dominant, score: top },
        { name: second, score: round((1 - top) * 0.6) },
        {
          name: this.dominant === 'calmness' ? 'relief' : 'calmness',
          score: round((1 - top) * 0.25),
        },
      ],
      segment_valence: round(this.segmentValence),
      segment_arousal: round(this.arousal + this.rng.between(-0.05, 0.05)),
      segment_dominant: segmentDominant,
      trend: this.trend(),
      coherence: round(this.rng.between(0.62, 0.95)),
      language_sentiment: round(clamp(this.segmentValence + this.rng.between(-0.15, 0.15))),
      language_toxicity: { toxicity: round(this.rng.between(0, 0.04)), insult: 0 },
      recent_bursts: bursts,
      speaker: {
        energy_delta: round(this.rng.between(-0.2, 0.2)),
        energy_trend: this.arousal > 0.6 ? 'rising' : this.arousal < 0.35 ? 'falling' : 'stable',
        normalized: true,
        pitch_delta: round(this.rng.between(-12, 12)),
        zcr_delta: round(this.rng.between(-0.03, 0.03)),
      },
      speaker_similarity: round(this.rng.between(0.86, 0.98)),
      provider: 'prosody-v2',
      barge_in_count: bargeIns,
      emotional_shifts: this.shifts,
      total_segments: this.history.length,
      turn_count: turnCount,
      call_duration_s: Math.round(callDurationS * 10) / 10,
    }
  }

  compound(turnIndex: number): ObserverEventOf<'compound_emotion'> {
    const v = this.smoothed
    const names =
      v >= 0.2
        ? ['grateful_relief', 'calm_satisfaction']
        : v >= -0.15
          ? ['focused_patience', 'mild_uncertainty']
          : v >= -0.5
            ? ['frustrated_but_cooperative', 'anxious_hope']
            : ['overwhelmed_anxiety', 'angry_distress']
    const first = round(this.rng.between(0.45, 0.75))
    return {
      type: 'compound_emotion',
      turn_index: turnIndex,
      compounds: names.map((name, i) => ({ name, score: i === 0 ? first : round(1 - first) })),
    }
  }

  /** How much empathy the next reply needs, and which filler (if any) should lead it. */
  empathy(toolNext: boolean): ObserverEventOf<'empathy_classified'> {
    const tier = this.tierIndex
    const fillerType: FillerType = tier >= 2 ? 'empathy' : toolNext ? 'working' : 'receipt'
    return {
      type: 'empathy_classified',
      tier,
      tier_name: TIERS[tier] ?? 'FUNCTIONAL',
      filler_type: fillerType,
      empathy_baseline: this.baseline,
      should_pause: tier === 3,
      // A calm caller needs no filler unless a tool is about to keep them waiting.
      suppress_filler: tier === 0 ? !toolNext : tier === 1 ? this.rng.chance(0.7) : false,
    }
  }

  /**
   * The voice engine adapts its delivery when the caller becomes distressed, and restores it once
   * they are calm again; each change is one `voice_context_applied`.
   */
  voiceContextChange(): ObserverEventOf<'voice_context_applied'> | undefined {
    const tier = this.tierIndex
    if (!this.adapted && tier >= 2) {
      this.adapted = true
      return {
        type: 'voice_context_applied',
        emotion_detection_enabled: true,
        filler_enabled: true,
        reasoning: `Caller distress rising (valence ${this.smoothed}, ${this.trend()}): slowing delivery and softening tone.`,
        tts_emotion: 'empathetic',
        tts_speed: 0.9,
        tts_volume: 0.92,
      }
    }
    if (this.adapted && tier === 0) {
      this.adapted = false
      return {
        type: 'voice_context_applied',
        emotion_detection_enabled: true,
        filler_enabled: true,
        reasoning: 'Caller calm again: restoring the default voice profile.',
        tts_emotion: 'warm',
        tts_speed: 1,
        tts_volume: 1,
      }
    }
    return undefined
  }

  /** For `session_end.emotional_summary`. */
  summary(): Record<string, unknown> {
    return {
      start_valence: this.startValence,
      end_valence: this.smoothed,
      min_valence: round(this.lowest),
      trend: this.trend(),
      dominant: this.dominant || 'calmness',
      readings: this.history.length,
    }
  }

  private trend(): 'improving' | 'stable' | 'deteriorating' {
    const now = this.history.at(-1)
    const before = this.history.at(-3) ?? this.history[0]
    if (now === undefined || before === undefined) return 'stable'
    return now - before > 0.08 ? 'improving' : now - before < -0.08 ? 'deteriorating' : 'stable'
  }

  private driftFor(arc: MoodArc): number {
    const [from, to] = ARC_DRIFT[arc]
    return this.rng.between(from, to)
  }

  private arousalFor(valence: number): number {
    return Math.min(0.95, Math.max(0.15, 0.35 + Math.abs(Math.min(valence, 0)) * 0.6))
  }

  private dominantFor(valence: number, arousal: number, previous: string): string {
    const band =
      valence >= 0.35
        ? ['satisfaction', 'relief']
        : valence >= 0.05
          ? ['calmness', 'interest']
          : valence >= -0.2
            ? ['concentration', 'confusion']
            : valence >= -0.5
              ? arousal > 0.55
                ? ['annoyance', 'anxiety']
                : ['doubt', 'tiredness']
              : ['distress', 'anger']
    // A reading stays on the same name while it still fits, as real classifiers are sticky.
    return band.includes(previous)
      ? previous
      : (band[this.history.length % band.length] ?? 'calmness')
  }
}

function clamp(value: number): number {
  return Math.min(1, Math.max(-1, value))
}

function round(value: number): number {
  return Math.round(value * 100) / 100
}
