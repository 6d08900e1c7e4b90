import type { EmotionTone, LiveCall } from '../../api/live'
import type { ObserverEventOf } from '../events'

export type CallEmotion = NonNullable<LiveCall['emotion']>

/**
 * Valence beyond this, either way, is a clear tone. Valence runs from -1 to 1; a small margin
 * keeps a caller hovering around zero from flickering between tones.
 */
const VALENCE_MARGIN = 0.2

// Stems of the labels emotion providers use; a compound label ("frustrated_anxious") matches on
// any of its words. Negative wins over positive: a caller both hopeful and scared needs help.
const negativeStems = [
  'anger',
  'angry',
  'annoy',
  'anxi',
  'confus',
  'contempt',
  'desper',
  'disappoint',
  'discontent',
  'disgust',
  'displeas',
  'distress',
  'fear',
  'frustrat',
  'hopeless',
  'hostil',
  'hurt',
  'irritat',
  'pain',
  'panic',
  'sad',
  'scared',
  'unhapp',
  'upset',
  'worr',
]
const positiveStems = [
  'amuse',
  'content',
  'excite',
  'grat',
  'happ',
  'hope',
  'joy',
  'pleas',
  'relie',
  'satisf',
  'thank',
]

/** The tone an emotion label suggests, for events that carry no valence. */
export function toneOfLabel(label: string): EmotionTone {
  const lower = label.toLowerCase()
  if (negativeStems.some((stem) => lower.includes(stem))) return 'negative'
  if (positiveStems.some((stem) => lower.includes(stem))) return 'positive'
  return 'neutral'
}

export function toneOfValence(valence: number): EmotionTone {
  if (valence <= -VALENCE_MARGIN) return 'negative'
  if (valence >= VALENCE_MARGIN) return 'positive'
  return 'neutral'
}

/** The caller's emotion from an `emotion` event: its dominant label, toned by valence. */
export function fromEmotion(event: ObserverEventOf<'emotion'>): CallEmotion {
  return {
    label: event.dominant,
    tone: Number.isFinite(event.valence)
      ? toneOfValence(event.valence)
      : toneOfLabel(event.dominant),
    trend: event.trend ?? null,
  }
}

/**
 * The caller's emotion from a `compound_emotion` event: its strongest compound, toned by label.
 * It carries no trend, so the call's last known trend is kept. Null when it names none.
 */
export function fromCompound(
  event: ObserverEventOf<'compound_emotion'>,
  previous: CallEmotion | null,
): CallEmotion | null {
  let strongest: { name: string; score: number } | null = null
  for (const compound of event.compounds) {
    if (compound.name !== '' && (strongest === null || compound.score > strongest.score)) {
      strongest = compound
    }
  }
  if (strongest === null) return null
  return {
    label: strongest.name,
    tone: toneOfLabel(strongest.name),
    trend: previous?.trend ?? null,
  }
}
