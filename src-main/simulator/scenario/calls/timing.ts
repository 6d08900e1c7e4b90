import type { Random } from '../random'

/**
 * How long things take on a call: speech, turn-taking pauses, and the voice pipeline's latency
 * breakdown. Figures are typical of a production voice agent: end-to-end time to first audio
 * mostly between 0.5 and 1.5 s, with the occasional slow turn when the navigator falls back.
 */

export const NAV_MODEL = 'gpt-4.1-mini'
export const FALLBACK_MODEL = 'gpt-4.1-nano'

export function words(text: string): number {
  return text.split(/\s+/).filter(Boolean).length
}

/** How long a person takes to say `text` (about 150 words a minute, varying by speaker). */
export function speechMs(rng: Random, text: string, msPerWord = 390): number {
  return words(text) * rng.around(msPerWord, 50, msPerWord - 80, msPerWord + 80) + rng.int(150, 450)
}

/** The pause before a person starts speaking once the other has finished. */
export function turnGapMs(rng: Random): number {
  return rng.around(650, 400, 250, 1500)
}

/** From the end of speech to the final transcript: end-of-turn detection plus STT finalization. */
export function endOfTurnMs(rng: Random): number {
  return rng.around(420, 180, 220, 750)
}

export interface ReplyTiming {
  navMs: number
  renderMs: number
  /** Navigation, rendering and the engine's own overhead. */
  engineMs: number
  audioTtfbMs: number
  /** From the caller's end of turn (or the tool result, for a continuation) to first audio. */
  e2eTtfbMs: number
  usedFallback: boolean
  retryAttempts: number
}

export type ReplyKind = 'greeting' | 'reply' | 'continuation'

/** How long the navigator takes to choose the next state and action. */
export function navigationMs(rng: Random, kind: ReplyKind): number {
  return tenth(kind === 'greeting' ? rng.between(60, 180) : rng.around(260, 140, 110, 560))
}

/** The rest of a reply's pipeline, once navigation took `navMs`. */
export function replyTiming(rng: Random, kind: ReplyKind, navMs: number): ReplyTiming {
  const slow = kind !== 'greeting' && rng.chance(0.04)
  const renderMs = rng.around(370, 170, 170, 800) + (slow ? rng.between(700, 1300) : 0)
  const overheadMs = rng.between(15, 70)
  // A continuation's navigation happened before its tool ran, so it is not on this reply's clock.
  const engineMs = (kind === 'continuation' ? 0 : navMs) + renderMs + overheadMs
  const audioTtfbMs = rng.around(190, 80, 100, 340)
  const transportMs = rng.between(30, 120)
  return {
    navMs,
    renderMs: tenth(renderMs),
    engineMs: tenth(engineMs),
    audioTtfbMs: tenth(audioTtfbMs),
    e2eTtfbMs: tenth(engineMs + audioTtfbMs + transportMs),
    usedFallback: slow,
    retryAttempts: slow ? 1 : 0,
  }
}

/** Token counts for a navigator call: the prompt grows with the conversation. */
export function tokenCounts(
  rng: Random,
  turnIndex: number,
  replyText: string,
): { input: number; output: number } {
  return {
    input: 1450 + turnIndex * rng.int(140, 190) + rng.int(0, 260),
    output: Math.round(words(replyText) * 1.4) + rng.int(6, 24),
  }
}

function tenth(ms: number): number {
  return Math.round(ms * 10) / 10
}
