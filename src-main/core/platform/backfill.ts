import { normalizeObserverFrame } from '../events'
import type { ObserverFrame } from './observer-socket'
import type { CallTurn } from './rest-schemas'

/**
 * Backfill of what an observer socket missed (spec 3.6: the socket never replays). A call's
 * turns from `GET /calls/{id}` are compared with the transcripts the socket delivered; what was
 * not delivered becomes synthesized observer frames, marked as backfilled.
 *
 * A REST turn holds one caller utterance (`user_transcript`) and the agent's speech of that turn
 * (`agent_transcript`: every `agent_transcript` frame of the turn, fillers and interrupted replies
 * included, joined with spaces). Matching is by text, as a multiset: the wire carries no turn id.
 * Repeated identical lines ("Yes.") are told apart only by count, so which of two equal lines was
 * the missing one can be mistaken; the text and the count of what is filled in are right.
 */

/** A turn with parts the socket did not deliver, and those parts. */
export interface MissingTurn {
  turn: CallTurn
  /** The caller's words, when they were not delivered. */
  user: string | null
  /** The stretches of the agent's speech that were not delivered, in order. */
  agent: string[]
}

function normalizeText(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

/** Every transcript a call's socket delivered (or that a backfill already filled in). */
export class TranscriptLedger {
  readonly #user = new Map<string, number>()
  readonly #agent = new Map<string, number>()

  addUser(text: string): void {
    add(this.#user, normalizeText(text))
  }

  addAgent(text: string): void {
    add(this.#agent, normalizeText(text))
  }

  /** Records a delivered frame's transcript, if it carries one. */
  addFrame(frame: ObserverFrame): void {
    const { result } = frame
    if (result.kind !== 'event') return
    if (result.event.type === 'user_transcript') this.addUser(result.event.transcript)
    else if (result.event.type === 'agent_transcript') this.addAgent(result.event.transcript)
  }

  /**
   * The parts of `turns` not in the ledger. Pure: the ledger is not changed (the caller records
   * what it fills in, so a later backfill does not repeat it).
   */
  missing(turns: readonly CallTurn[]): MissingTurn[] {
    const user = new Map(this.#user)
    const agent = new Map(this.#agent)
    const missing: MissingTurn[] = []
    for (const turn of turns) {
      const userText = normalizeText(turn.user_transcript ?? '')
      const userMissing = userText !== '' && !take(user, userText) ? userText : null
      const agentMissing = uncovered(normalizeText(turn.agent_transcript ?? ''), agent)
      if (userMissing !== null || agentMissing.length > 0) {
        missing.push({ turn, user: userMissing, agent: agentMissing })
      }
    }
    return missing
  }
}

function add(counts: Map<string, number>, text: string): void {
  if (text !== '') counts.set(text, (counts.get(text) ?? 0) + 1)
}

function take(counts: Map<string, number>, text: string): boolean {
  const count = counts.get(text) ?? 0
  if (count === 0) return false
  counts.set(text, count - 1)
  return true
}

/**
 * The stretches of `text` not covered by delivered pieces. Pieces are matched at word boundaries,
 * longest first, each used once; what lies between matches is missing.
 */
function uncovered(text: string, pieces: Map<string, number>): string[] {
  const gaps: string[] = []
  let position = 0
  let gapStart: number | null = null
  while (position < text.length) {
    const piece = pieceAt(text, position, pieces)
    if (piece !== null) {
      if (gapStart !== null) gaps.push(text.slice(gapStart, position).trim())
      gapStart = null
      take(pieces, piece)
      position += piece.length + 1
      continue
    }
    gapStart ??= position
    const space = text.indexOf(' ', position)
    position = space === -1 ? text.length : space + 1
  }
  if (gapStart !== null) gaps.push(text.slice(gapStart).trim())
  return gaps.filter((gap) => gap !== '')
}

function pieceAt(text: string, position: number, pieces: Map<string, number>): string | null {
  let best: string | null = null
  for (const [piece, count] of pieces) {
    if (count === 0 || (best !== null && piece.length <= best.length)) continue
    const end = position + piece.length
    if (text.startsWith(piece, position) && (end === text.length || text.charAt(end) === ' ')) {
      best = piece
    }
  }
  return best
}

/**
 * Observer frames for the missing parts, as the socket would have sent them, in turn order (the
 * caller before the agent within a turn, as turns are counted). The raw text is the synthesized
 * frame, with `backfilled`, `turn_index` and `started_at` kept beside the event's own fields (the
 * normalizer drops them from the typed event), so the stored raw frame says where it came from
 * and re-normalizing it gives the same event.
 */
export function backfillFrames(
  callSid: string,
  missing: readonly MissingTurn[],
  receivedAt: number,
): ObserverFrame[] {
  const frames: ObserverFrame[] = []
  for (const { turn, user, agent } of missing) {
    const provenance = {
      backfilled: true,
      turn_index: turn.turn_index,
      started_at: turn.started_at ?? null,
    }
    if (user !== null) {
      const speakerRole =
        turn.speaker_role && turn.speaker_role !== 'agent' ? turn.speaker_role : null
      frames.push(
        frame(callSid, receivedAt, {
          type: 'user_transcript',
          transcript: user,
          state: turn.state ?? '',
          speaker_role: speakerRole,
          ...provenance,
        }),
      )
    }
    for (const text of agent) {
      frames.push(
        frame(callSid, receivedAt, {
          type: 'agent_transcript',
          transcript: text,
          speaker_role: 'agent',
          state: turn.state ?? null,
          ...provenance,
        }),
      )
    }
  }
  return frames
}

function frame(
  callSid: string,
  receivedAt: number,
  fields: Record<string, unknown>,
): ObserverFrame {
  const raw = JSON.stringify(fields)
  return { result: normalizeObserverFrame(raw), callSid, receivedAt, raw }
}
