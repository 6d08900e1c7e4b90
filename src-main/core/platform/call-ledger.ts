import type { ObserverEvent } from '../events'
import type { ObserverFrame } from './observer-socket'
import type { CallTurn, HumanSegment, StateTransitionRecord, ToolCallRecord } from './rest'

/**
 * What a call already has, for backfill (spec 3.6: the socket never replays). A call's turns from
 * `GET /calls/{id}` (spec 4.4) are compared with what its socket delivered in this run and what
 * the database holds from earlier runs; whatever is not there is missing (backfill.ts turns it
 * into frames): the caller's words, the agent's speech, state transitions, tool calls and
 * latency parts, and an operator's takeover speech.
 *
 * The wire carries no turn id, so matching is by content, each kind as a multiset: transcripts by
 * text (agent speech at word boundaries, since a REST turn joins every `agent_transcript` of the
 * turn), transitions by their two states, tools by invocation id (or name, without one), latency
 * by its four parts. Of two identical lines ("Yes.") which one was missed can be mistaken; what is
 * filled in, and how many, is right.
 */

/** The parts of one REST turn the call does not have. */
export interface MissingTurn {
  /** The turn's position in `turns` (REST turns have no index of their own). */
  index: number
  turn: CallTurn
  /** The caller's words, when they are missing. */
  user: string | null
  /** The stretches of the agent's speech that are missing, in order. */
  agent: string[]
  transitions: StateTransitionRecord[]
  /** Tool calls with a missing part: the start, the completion, or both. */
  tools: { tool: ToolCallRecord; start: boolean; completion: boolean }[]
  /** The turn's latency parts, when the call has no latency reading with them. */
  latency: boolean
}

function normalizeText(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

/** A multiset of strings. */
class Counts {
  readonly #counts = new Map<string, number>()

  add(key: string): void {
    if (key !== '') this.#counts.set(key, (this.#counts.get(key) ?? 0) + 1)
  }

  /** Takes one `key` out; false when there was none. */
  take(key: string): boolean {
    const count = this.#counts.get(key) ?? 0
    if (count === 0) return false
    this.#counts.set(key, count - 1)
    return true
  }

  copy(): Counts {
    const copy = new Counts()
    for (const [key, count] of this.#counts) copy.#counts.set(key, count)
    return copy
  }

  entries(): IterableIterator<[string, number]> {
    return this.#counts.entries()
  }
}

const transitionKey = (from: string, to: string) => `${from}\u0000${to}`
const latencyKey = (engine: number, nav: number, render: number, audio: number) =>
  `${engine}|${nav}|${render}|${audio}`

/** Everything a call already has, by kind: what a backfill must not repeat. */
export class CallLedger {
  #user = new Counts()
  #operator = new Counts()
  #agent = new Counts()
  #transitions = new Counts()
  #toolsStarted = new Counts()
  #toolsCompleted = new Counts()
  #latencies = new Counts()

  /** Records a delivered (or stored, or backfilled) observer event. */
  add(event: ObserverEvent): void {
    switch (event.type) {
      case 'user_transcript':
        // An interim transcript is replaced by its final, which is what REST keeps; an
        // operator's speech in a takeover is kept apart, as REST keeps it (`human_segments`).
        if (event.is_final === false) return
        if (event.speaker_role === 'operator') this.#operator.add(normalizeText(event.transcript))
        else this.#user.add(normalizeText(event.transcript))
        return
      case 'agent_transcript':
        this.#agent.add(normalizeText(event.transcript))
        return
      case 'state_transition':
        this.#transitions.add(transitionKey(event.previous_state, event.next_state))
        return
      case 'tool_call_started':
        this.#toolsStarted.add(event.call_id)
        return
      case 'tool_call_completed':
        this.#toolsCompleted.add(event.call_id)
        return
      case 'latency':
        this.#latencies.add(
          latencyKey(event.engine_ms, event.nav_ms, event.render_ms, event.audio_ttfb_ms),
        )
        return
      default:
        return
    }
  }

  /** Records a delivered frame, if it is an event. */
  addFrame(frame: ObserverFrame): void {
    if (frame.result.kind === 'event') this.add(frame.result.event)
  }

  /** The operator utterances of `segments` (a takeover) the call does not have. Pure. */
  missingOperatorSpeech(segments: readonly HumanSegment[]): HumanSegment[] {
    return missingSegments(segments, this.#operator)
  }

  /**
   * The parts of `turns` the call does not have. Pure: the ledger is not changed (the caller adds
   * the frames it fills in, so that a later backfill does not repeat them).
   */
  missing(turns: readonly CallTurn[]): MissingTurn[] {
    const user = this.#user.copy()
    const agent = this.#agent.copy()
    const transitions = this.#transitions.copy()
    const started = this.#toolsStarted.copy()
    const completed = this.#toolsCompleted.copy()
    const latencies = this.#latencies.copy()
    const missing: MissingTurn[] = []
    for (const [index, turn] of turns.entries()) {
      const userText = normalizeText(turn.user_transcript ?? '')
      const part: MissingTurn = {
        index,
        turn,
        user: userText !== '' && !user.take(userText) ? userText : null,
        agent: uncovered(normalizeText(turn.agent_transcript ?? ''), agent),
        transitions: turn.state_transitions.filter(
          (move) => !transitions.take(transitionKey(move.from_state, move.to_state)),
        ),
        tools: turn.tool_calls.flatMap((tool) => {
          const id = toolCallId(tool, turn, index)
          const start = !started.take(id)
          const completion = isFinished(tool) && !completed.take(id)
          return start || completion ? [{ tool, start, completion }] : []
        }),
        latency: hasLatency(turn) && !latencies.take(latencyKey(...latencyParts(turn))),
      }
      if (
        part.user !== null ||
        part.agent.length > 0 ||
        part.transitions.length > 0 ||
        part.tools.length > 0 ||
        part.latency
      ) {
        missing.push(part)
      }
    }
    return missing
  }
}

/**
 * A tool call's invocation id: the platform's, or for one REST lists without an id, one made from
 * the turn and the tool's name (the same on every backfill of the call, so never filled in twice).
 */
export function toolCallId(tool: ToolCallRecord, turn: CallTurn, index: number): string {
  return tool.call_id ?? `${turn.id ?? `turn-${index}`}:${tool.tool_name}`
}

/** REST lists a tool that never finished too; only a finished one has a completion to fill in. */
function isFinished(tool: ToolCallRecord): boolean {
  return (
    tool.duration_ms != null || tool.output != null || tool.error_message != null || !tool.succeeded
  )
}

/** The operator's utterances of a takeover the call does not have. Pure, like `missing`. */
function missingSegments(segments: readonly HumanSegment[], operator: Counts): HumanSegment[] {
  const had = operator.copy()
  return segments.filter((segment) => {
    const text = normalizeText(segment.transcript)
    return text !== '' && !had.take(text)
  })
}

function hasLatency(turn: CallTurn): turn is CallTurn & {
  engine_ms: number
  nav_ms: number
  render_ms: number
  audio_ttfb_ms: number
} {
  return (
    typeof turn.engine_ms === 'number' &&
    typeof turn.nav_ms === 'number' &&
    typeof turn.render_ms === 'number' &&
    typeof turn.audio_ttfb_ms === 'number'
  )
}

export function latencyParts(turn: CallTurn): [number, number, number, number] {
  return [turn.engine_ms ?? 0, turn.nav_ms ?? 0, turn.render_ms ?? 0, turn.audio_ttfb_ms ?? 0]
}

/**
 * The stretches of `text` not covered by delivered pieces. Pieces are matched at word boundaries,
 * longest first, each used once; what lies between matches is missing.
 */
function uncovered(text: string, pieces: Counts): string[] {
  const gaps: string[] = []
  let position = 0
  let gapStart: number | null = null
  while (position < text.length) {
    const piece = pieceAt(text, position, pieces)
    if (piece !== null) {
      if (gapStart !== null) gaps.push(text.slice(gapStart, position).trim())
      gapStart = null
      pieces.take(piece)
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

function pieceAt(text: string, position: number, pieces: Counts): string | null {
  let best: string | null = null
  for (const [piece, count] of pieces.entries()) {
    if (count === 0 || (best !== null && piece.length <= best.length)) continue
    const end = position + piece.length
    if (text.startsWith(piece, position) && (end === text.length || text.charAt(end) === ' ')) {
      best = piece
    }
  }
  return best
}
