import { describe, expect, it } from 'vitest'
import { nestsDeeperThan } from './limits'

const nest = (depth: number) => '['.repeat(depth) + ']'.repeat(depth)

describe('nestsDeeperThan', () => {
  it('tells nesting past the limit from nesting up to it', () => {
    expect(nestsDeeperThan(nest(64), 64)).toBe(false)
    expect(nestsDeeperThan(nest(65), 64)).toBe(true)
    expect(nestsDeeperThan(`{"a":${nest(5000)}}`, 64)).toBe(true)
    expect(nestsDeeperThan('{"a":{"b":[1,{"c":2}]}}', 4)).toBe(false)
    expect(nestsDeeperThan('{"a":{"b":[1,{"c":2}]}}', 3)).toBe(true)
  })

  it('counts no bracket inside a string, escaped quotes included', () => {
    const brackets = '['.repeat(200)
    expect(nestsDeeperThan(`{"text":"${brackets}"}`, 64)).toBe(false)
    expect(nestsDeeperThan(`{"text":"say \\"${brackets}\\" now","n":[1]}`, 64)).toBe(false)
    expect(nestsDeeperThan(`{"path":"C:\\\\","deep":${nest(70)}}`, 64)).toBe(true)
  })

  it('counts many shallow siblings as shallow', () => {
    const siblings = `[${Array.from({ length: 500 }, () => '{"a":[1]}').join(',')}]`
    expect(nestsDeeperThan(siblings, 64)).toBe(false)
  })

  it('gives an answer for text that is not JSON, without throwing', () => {
    expect(nestsDeeperThan('{"open": "never closed', 64)).toBe(false)
    expect(nestsDeeperThan(']]]]', 1)).toBe(false)
  })
})
