import { callbackPromise, fill, fillers } from '../dialogue'
import type { Exchange, ToolSpec } from '../dialogue'
import type { Random } from '../random'
import { Affect } from './affect'
import type { CallPlan } from './call-plan'
import { CallWriter } from './call-writer'

const TOOL_FAILURE_RATE = 0.15

/**
 * The moves a call is made of (the caller speaks and is read by the emotion model, the agent
 * answers an exchange, a tool runs), shared by the call script and its scenes.
 */
export class Conversation {
  readonly rng: Random
  readonly writer: CallWriter
  readonly affect: Affect
  /** The call's facts for filling lines; scenes add to them (the operator's name, a forward). */
  readonly facts: Record<string, string>
  /** Exchanges completed so far (greeting excluded). */
  exchanges = 0
  private toolCalls = 0
  private callerTurns = 0

  constructor(
    readonly plan: CallPlan,
    start: number,
  ) {
    this.rng = plan.rng
    this.facts = { ...plan.facts }
    this.affect = new Affect(plan.rng.fork('affect'), plan.arc)
    this.writer = new CallWriter(plan.rng.fork('timing'), plan.callSid, start, 'greeting')
  }

  /** A variant of a line, filled with the call's facts. */
  line(variants: readonly string[]): string {
    return fill(this.rng.pick(variants), this.facts)
  }

  /** One round: the caller speaks, the agent reacts, maybe runs a tool, and replies. */
  exchange(exchange: Exchange): 'done' | 'gave_up' {
    const { writer, plan } = this
    const upset = this.affect.upset && exchange.upset !== undefined
    this.callerSays(this.line((upset ? exchange.upset : undefined) ?? exchange.caller))
    this.classifyEmpathy(exchange.tool !== undefined)
    writer.navigate(exchange.to)
    let continuation = false
    if (exchange.tool) {
      if (!this.useTool(exchange.tool)) {
        writer.transition('confirmation', 'tool_failure', `${exchange.tool.name} failed twice`)
        writer.reply(this.line(callbackPromise), {
          kind: 'continuation',
          action: 'promise_callback',
        })
        this.exchanges++
        return 'gave_up'
      }
      continuation = true
    }
    // A barge-in needs the caller to speak next, so not right before the caller hangs up.
    const interruptible =
      this.exchanges === plan.bargeInAt &&
      !(plan.outcome === 'caller_hangup' && this.exchanges + 1 === plan.hangUpAfter)
    writer.reply(this.line(exchange.agent), {
      action: exchange.action,
      kind: continuation ? 'continuation' : 'reply',
      bargeIn: interruptible,
    })
    this.exchanges++
    return 'done'
  }

  /** The caller's line, then the emotion model's reading of it. */
  callerSays(text: string): void {
    const { writer } = this
    writer.speak('caller', 'caller', text)
    this.callerTurns++
    writer.wait(this.rng.between(40, 160))
    writer.observe(this.affect.read(writer.turns, writer.elapsedS, writer.bargeIns))
    if (this.callerTurns % 3 === 2) writer.observe(this.affect.compound(writer.turns - 1))
  }

  /**
   * The empathy classifier, any change of voice profile, and the filler it calls for. A serious
   * moment (a symptom, a request for a person) gets no perfunctory "Got it." (`receipts` false).
   */
  classifyEmpathy(toolNext: boolean, receipts = true): void {
    const { writer } = this
    const empathy = this.affect.empathy(toolNext)
    writer.observe(empathy)
    const voiceChange = this.affect.voiceContextChange()
    if (voiceChange) writer.observe(voiceChange)
    if (empathy.suppress_filler) return
    if (empathy.filler_type === 'empathy') {
      writer.filler('empathy', this.rng.pick(fillers.empathy))
    } else if (empathy.filler_type === 'receipt' && receipts) {
      writer.filler('receipt', this.rng.pick(fillers.receipt))
    }
  }

  /** A 'working' filler, the tool, and one retry after a failure. False when both failed. */
  private useTool(tool: ToolSpec): boolean {
    const { writer } = this
    writer.filler('working', this.line(tool.fillers))
    if (writer.tool(tool, this.facts, this.nextToolFails())) return true
    this.affect.nudge(-0.12)
    writer.filler('working', this.rng.pick(fillers.retry))
    return writer.tool(tool, this.facts, this.nextToolFails())
  }

  private nextToolFails(): boolean {
    const first = this.toolCalls++ === 0
    switch (this.plan.toolFailures) {
      case 'random':
        return this.rng.chance(TOOL_FAILURE_RATE)
      case 'first_only':
        return first
      case 'never':
        return false
    }
  }
}
