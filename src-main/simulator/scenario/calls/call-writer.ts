import type { ObserverEvent, WorkspaceEvent } from '../../../core/events'
import type { Facts, ToolSpec } from '../dialogue'
import { toolCallId } from '../ids'
import type { Random } from '../random'
import { Script } from '../script'
import { deltaChunks } from './deltas'
import {
  endOfTurnMs,
  FALLBACK_MODEL,
  NAV_MODEL,
  navigationMs,
  replyTiming,
  speechMs,
  tokenCounts,
  turnGapMs,
  words,
  type ReplyKind,
  type ReplyTiming,
} from './timing'

export type FillerKind = 'empathy' | 'receipt' | 'working'

export interface ReplyOptions {
  action: string
  kind?: ReplyKind
  /** The caller barges in partway through, if the reply is long enough to be cut. */
  bargeIn?: boolean
}

const AGENT = { speaker_id: 'agent', speaker_role: 'agent' } as const

/**
 * The mechanics of one call's observer stream: who speaks when, how an agent reply is timed and
 * streamed, what a tool call looks like. It knows nothing about what is said; `call-script.ts`
 * decides that. Time moves forward only; `floorFreeAt` is when whoever holds the floor stops
 * talking, so the next speaker waits for it (unless barging in).
 */
export class CallWriter {
  readonly script: Script
  state: string
  turns = 0
  bargeIns = 0
  private floorFreeAt: number
  /** When the agent's last filler finishes playing. */
  private agentSpeaksUntil = 0
  private bargeInStartedAt: number | undefined
  /** Navigation time already spent for the reply to come. */
  private navigatedMs: number | undefined
  private readonly startedAt: number

  constructor(
    private readonly rng: Random,
    private readonly callSid: string,
    start: number,
    initialState: string,
  ) {
    this.script = new Script(start)
    this.startedAt = this.script.now
    this.floorFreeAt = this.script.now
    this.state = initialState
  }

  get now(): number {
    return this.script.now
  }

  /** Seconds since the call started, for readings that report the call's age. */
  get elapsedS(): number {
    return (this.now - this.startedAt) / 1000
  }

  wait(ms: number): this {
    this.script.wait(ms)
    return this
  }

  observe(event: ObserverEvent): this {
    this.script.observer(this.callSid, event)
    return this
  }

  publish(event: WorkspaceEvent): this {
    this.script.workspace(event)
    return this
  }

  /** A caller or operator says `text`; the final transcript arrives after end-of-turn detection. */
  speak(role: 'caller' | 'operator', speakerId: string, text: string): void {
    const bargeIn = this.bargeInStartedAt !== undefined
    const start =
      this.bargeInStartedAt ?? Math.max(this.now, this.floorFreeAt) + turnGapMs(this.rng)
    this.bargeInStartedAt = undefined
    const end = start + speechMs(this.rng, text, 400)
    this.script.waitUntil(end + endOfTurnMs(this.rng))
    this.observe({
      type: 'user_transcript',
      transcript: text,
      state: this.state,
      speaker_id: speakerId,
      speaker_role: role,
      stt_confidence: round2(this.rng.around(0.93, 0.05, 0.78, 0.995)),
      eot_confidence: round2(this.rng.around(0.88, 0.08, 0.62, 0.99)),
      ...(bargeIn ? { is_barge_in: true } : {}),
    })
    this.floorFreeAt = Math.max(this.floorFreeAt, end)
    this.turns++
  }

  /** The navigator picks the next state; a move is reported as a `state_transition`. */
  navigate(to: string | undefined, kind: ReplyKind = 'reply', transitionType = 'navigate'): void {
    this.navigatedMs = navigationMs(this.rng, kind)
    this.wait(this.navigatedMs)
    if (to !== undefined) this.transition(to, transitionType)
  }

  transition(to: string, transitionType: string, annotation?: string): void {
    if (to === this.state) return
    this.observe({
      type: 'state_transition',
      previous_state: this.state,
      next_state: to,
      transition_type: transitionType,
      ...(annotation === undefined ? {} : { annotation }),
    })
    this.state = to
  }

  /** A short pre-rendered line that holds the floor; it is never streamed as deltas. */
  filler(kind: FillerKind, text: string): void {
    // Quick to start (it covers the pipeline's latency), but never over the agent's own speech.
    this.script.waitUntil(Math.max(this.now + this.rng.between(60, 180), this.agentSpeaksUntil))
    this.observe({
      type: 'agent_transcript',
      transcript: text,
      filler_type: kind,
      streaming: false,
      interrupted: false,
      action: 'filler',
      state: this.state,
      ...AGENT,
    })
    this.agentSpeaksUntil = this.now + speechMs(this.rng, text, 330)
    this.floorFreeAt = Math.max(this.floorFreeAt, this.agentSpeaksUntil)
  }

  /** Runs a tool; returns whether it succeeded. */
  tool(spec: ToolSpec, facts: Facts, fails: boolean): boolean {
    const invocation = {
      call_id: toolCallId(this.rng),
      tool_name: spec.name,
      integration_name: spec.integration,
      endpoint_name: spec.endpoint,
      protocol: spec.protocol,
    }
    this.wait(this.rng.between(20, 70))
    this.observe({ type: 'tool_call_started', ...invocation, input: spec.input(facts) })
    const [shortest, longest] = spec.durationMs
    // A failure is often a timeout, so it tends to take longer.
    const durationMs = Math.round(
      fails ? this.rng.between(longest, longest * 2) : this.rng.between(shortest, longest),
    )
    this.wait(durationMs)
    this.observe({
      type: 'tool_call_completed',
      ...invocation,
      duration_ms: durationMs,
      succeeded: !fails,
      ...(fails ? { error_message: this.rng.pick(spec.errors) } : { output: spec.output(facts) }),
    })
    return !fails
  }

  /**
   * The agent's reply: `nav_timing` when rendering is done, `latency` at first audio, then the text
   * as `agent_transcript_delta` chunks paced with the speech, and the final `agent_transcript`
   * (equal to the chunks joined) when it is spoken. A barge-in cuts it short.
   */
  reply(text: string, options: ReplyOptions): boolean {
    const kind = options.kind ?? 'reply'
    const navigated = this.navigatedMs
    const timing = replyTiming(this.rng, kind, navigated ?? navigationMs(this.rng, kind))
    // Navigation already spent counts toward the engine time of a plain reply.
    this.wait(timing.engineMs - (kind === 'reply' && navigated !== undefined ? navigated : 0))
    if (kind === 'reply') this.navigatedMs = undefined
    if (kind !== 'greeting') this.reportNavigation(timing, options.action, text)
    this.script.waitUntil(
      Math.max(this.now + timing.audioTtfbMs, this.floorFreeAt + this.rng.between(80, 200)),
    )
    this.observe({
      type: 'latency',
      e2e_ttfb_ms: timing.e2eTtfbMs,
      engine_ms: timing.engineMs,
      audio_ttfb_ms: timing.audioTtfbMs,
      nav_ms: timing.navMs,
      render_ms: timing.renderMs,
      continuation: kind === 'continuation',
      is_greeting: kind === 'greeting',
    })
    const bargeIn = options.bargeIn === true
    const chunks = deltaChunks(this.rng, text, bargeIn ? 3 : 1)
    // Cut somewhere in the middle: after the first chunk, before the last.
    const cut = bargeIn && chunks.length >= 3 ? this.rng.int(1, chunks.length - 2) : -1
    const msPerWord = this.rng.around(340, 30, 290, 390)
    let spoken = ''
    for (const [index, chunk] of chunks.entries()) {
      if (index === cut) {
        this.bargedIn(spoken, chunks.slice(cut).join(''), options.action)
        return true
      }
      this.observe({ type: 'agent_transcript_delta', delta: chunk })
      spoken += chunk
      this.wait(words(chunk) * msPerWord)
    }
    this.observe({
      type: 'agent_transcript',
      transcript: text,
      interrupted: false,
      streaming: true,
      action: options.action,
      state: this.state,
      ...AGENT,
    })
    this.floorFreeAt = this.now
    return false
  }

  /** Waits until nobody is speaking, then `ms` more. */
  waitForSilence(ms: number): this {
    this.script.waitUntil(Math.max(this.now, this.floorFreeAt) + ms)
    return this
  }

  private reportNavigation(timing: ReplyTiming, action: string, text: string): void {
    const tokens = tokenCounts(this.rng, this.turns, text)
    this.observe({
      type: 'nav_timing',
      nav_ms: timing.navMs,
      render_ms: timing.renderMs,
      total_ms: timing.engineMs,
      model: timing.usedFallback ? FALLBACK_MODEL : NAV_MODEL,
      input_tokens: tokens.input,
      output_tokens: tokens.output,
      selected_action: action,
      state: this.state,
      used_fallback: timing.usedFallback,
      retry_attempts: timing.retryAttempts,
    })
  }

  private bargedIn(spoken: string, unsaid: string, action: string): void {
    // The caller started talking a moment before the next chunk was due; detection lags a little.
    const startedAt = this.now - this.rng.between(120, 380)
    this.bargeIns++
    this.wait(this.rng.between(60, 160))
    this.observe({
      type: 'agent_transcript',
      transcript: spoken,
      interrupted: true,
      streaming: true,
      action,
      state: this.state,
      ...AGENT,
    })
    this.observe({
      type: 'barge_in',
      interrupted_text: spoken.trim(),
      discarded_texts: [unsaid.trim()],
      interrupted_speaker_id: AGENT.speaker_id,
      interrupting_speaker_id: 'caller',
      total_barge_ins: this.bargeIns,
    })
    this.bargeInStartedAt = startedAt
    this.floorFreeAt = startedAt
  }
}

function round2(value: number): number {
  return Math.round(value * 100) / 100
}
