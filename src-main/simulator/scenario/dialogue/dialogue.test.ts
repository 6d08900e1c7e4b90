import { describe, expect, it } from 'vitest'
import { invent } from '../people'
import { Random } from '../random'
import { SERVICE_DIALOGUES, fill, fillers } from './index'
import type { DirectionScript, Exchange, ServiceDialogue } from './index'

// The call script picks one variant of each line at random, so a broken variant could hide for
// many seeds. Here every variant of every line is filled once.

function allFacts(dialogue: ServiceDialogue): Record<string, string> {
  const rng = Random.derive(1, 'dialogue-test')
  return {
    ...dialogue.facts(rng, invent(rng)),
    operator_first: 'Renée',
    forward_number: '+15555550123',
    forward_location: dialogue.forward.locationName,
  }
}

function exchangesOf(script: DirectionScript): Exchange[] {
  return [...script.opening, ...script.task, ...script.closing]
}

function linesOf(dialogue: ServiceDialogue): string[] {
  const scripts = [dialogue.inbound, ...(dialogue.outbound ? [dialogue.outbound] : [])]
  return [
    ...scripts.flatMap((script) => [
      ...script.greeting,
      ...exchangesOf(script).flatMap((exchange) => [
        ...exchange.caller,
        ...(exchange.upset ?? []),
        ...exchange.agent,
        ...(exchange.tool?.fillers ?? []),
      ]),
    ]),
    ...(dialogue.outbound?.voicemail ?? []),
    ...dialogue.escalations.flatMap((scene) => [
      ...scene.caller,
      ...scene.agent,
      ...scene.conversation.flatMap(([, lines]) => lines),
      ...scene.handBack,
      ...scene.agentResumes,
      ...scene.operatorGoodbye,
    ]),
    ...dialogue.forward.caller,
    ...dialogue.forward.agent,
    ...dialogue.forward.failed,
  ]
}

describe.each(SERVICE_DIALOGUES.map((dialogue) => [dialogue.info.name, dialogue] as const))(
  'the %s dialogue',
  (_name, dialogue) => {
    const facts = allFacts(dialogue)

    it('fills every line from the facts it has', () => {
      const lines = linesOf(dialogue)
      expect(lines.length).toBeGreaterThan(40)
      for (const line of lines) {
        const filled = fill(line, facts)
        expect(filled).not.toMatch(/[{}]/)
        expect(filled.trim()).toBe(filled)
      }
    })

    it('gives its tools JSON-ready inputs and JSON outputs', () => {
      const scripts = [dialogue.inbound, ...(dialogue.outbound ? [dialogue.outbound] : [])]
      for (const exchange of scripts.flatMap(exchangesOf)) {
        if (!exchange.tool) continue
        expect(JSON.parse(JSON.stringify(exchange.tool.input(facts)))).toBeTypeOf('object')
        expect(JSON.parse(exchange.tool.output(facts))).toBeTypeOf('object')
        expect(exchange.tool.errors.length).toBeGreaterThan(0)
      }
    })

    it('walks its context graph to confirmation and goodbye', () => {
      const scripts = [dialogue.inbound, ...(dialogue.outbound ? [dialogue.outbound] : [])]
      for (const script of scripts) {
        const moves = exchangesOf(script).flatMap((exchange) => (exchange.to ? [exchange.to] : []))
        for (const state of moves) expect(dialogue.info.states).toContain(state)
        expect(script.task.filter((exchange) => exchange.to === 'confirmation')).toHaveLength(1)
        expect(script.closing.at(-1)?.to).toBe('goodbye')
      }
    })
  },
)

describe('fill', () => {
  it('refuses a placeholder it has no fact for', () => {
    expect(fill('Hi {first}', { first: 'Zoë' })).toBe('Hi Zoë')
    expect(() => fill('Hi {nickname}', { first: 'Zoë' })).toThrow(/nickname/)
  })

  it('has fillers of every kind the empathy classifier asks for', () => {
    expect(fillers.empathy.length).toBeGreaterThan(0)
    expect(fillers.receipt.length).toBeGreaterThan(0)
  })
})
