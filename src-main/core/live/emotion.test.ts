import { describe, expect, it } from 'vitest'
import { normalizeObserverFrame, type ObserverEvent } from '../events'
import { observerSamples } from '../events/testing/samples'
import { fromCompound, fromEmotion, toneOfLabel } from './emotion'

function event(frame: Record<string, unknown>): ObserverEvent {
  const result = normalizeObserverFrame(JSON.stringify(frame))
  if (result.kind !== 'event') throw new Error(result.kind)
  return result.event
}

describe('emotion tone', () => {
  it('reads the tone of an emotion event from its valence', () => {
    const base = { type: 'emotion', ...observerSamples.emotion }
    const cases = [
      [-0.35, 'negative'],
      [0.1, 'neutral'],
      [0.5, 'positive'],
    ] as const
    for (const [valence, tone] of cases) {
      const emotion = event({ ...base, valence, dominant: 'calm' })
      if (emotion.type !== 'emotion') throw new Error(emotion.type)
      expect(fromEmotion(emotion).tone, String(valence)).toBe(tone)
    }
  })

  it('reads the tone of a label, negative winning', () => {
    expect(toneOfLabel('Frustrated')).toBe('negative')
    expect(toneOfLabel('hopeful_anxious')).toBe('negative')
    expect(toneOfLabel('hopeless')).toBe('negative')
    expect(toneOfLabel('unhappy')).toBe('negative')
    expect(toneOfLabel('relieved')).toBe('positive')
    expect(toneOfLabel('calm')).toBe('neutral')
  })

  it('takes the strongest compound, keeping the trend the call had', () => {
    const compound = event({ type: 'compound_emotion', ...observerSamples.compound_emotion })
    if (compound.type !== 'compound_emotion') throw new Error(compound.type)
    const previous = { label: 'anxious', tone: 'negative', trend: 'improving' } as const
    expect(fromCompound(compound, previous)).toEqual({
      label: 'frustrated_anxious',
      tone: 'negative',
      trend: 'improving',
    })
    const empty = event({ type: 'compound_emotion', compounds: [], turn_index: 1 })
    if (empty.type !== 'compound_emotion') throw new Error(empty.type)
    expect(fromCompound(empty, null)).toBeNull()
  })
})
