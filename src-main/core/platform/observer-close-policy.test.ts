import { describe, expect, it } from 'vitest'
import { isSubprotocolToken, observerUrl } from './observer-auth'
import {
  classifyObserverClose,
  classifyUpgradeRefusal,
  SLOW_RETRY_MS,
} from './observer-close-policy'

describe('observer close policy (spec 3.5)', () => {
  it.each([
    [1008, 'policy_violation'],
    [4001, 'unauthorized'],
    [4003, 'forbidden'],
    [4100, 'key_expired'],
    [4403, 'credentials_rejected'],
  ])('stops for good on %i (%s), with a message saying what to do', (code, reason) => {
    const action = classifyObserverClose(code)
    expect(action).toMatchObject({ kind: 'stop', reason })
    if (action.kind === 'stop') expect(action.message).toContain(String(code))
  })

  it('tells the operator to renew an expired key', () => {
    const action = classifyObserverClose(4100)
    expect(action.kind === 'stop' && action.message).toMatch(/expired.*renew/)
  })

  it.each([4029, 1013])('retries %i slowly, after at least 5 s', (code) => {
    expect(classifyObserverClose(code)).toEqual({
      kind: 'retry',
      reason: 'rate_limited',
      minimumMs: SLOW_RETRY_MS,
    })
  })

  it('retries 4004, 1006 and other codes with the ordinary backoff; 1000 is the end', () => {
    expect(classifyObserverClose(4004)).toMatchObject({ kind: 'retry', reason: 'unknown_call' })
    expect(classifyObserverClose(1006)).toMatchObject({ kind: 'retry', reason: 'connection_lost' })
    expect(classifyObserverClose(1011)).toMatchObject({ kind: 'retry', reason: 'closed_by_server' })
    expect(classifyObserverClose(1001)).toMatchObject({ kind: 'retry', minimumMs: 0 })
    expect(classifyObserverClose(1000)).toEqual({ kind: 'ended' })
  })

  it('sorts HTTP answers to the upgrade the same way', () => {
    expect(classifyUpgradeRefusal(401, null)).toMatchObject({ kind: 'stop' })
    expect(classifyUpgradeRefusal(403, null)).toMatchObject({ kind: 'stop' })
    expect(classifyUpgradeRefusal(429, 12_000)).toMatchObject({ kind: 'retry', minimumMs: 12_000 })
    expect(classifyUpgradeRefusal(429, null)).toMatchObject({ minimumMs: SLOW_RETRY_MS })
    expect(classifyUpgradeRefusal(503, null)).toMatchObject({ kind: 'retry', minimumMs: 0 })
  })
})

describe('observer auth (spec 3.2)', () => {
  it('accepts subprotocol tokens of up to 4096 characters only', () => {
    expect(isSubprotocolToken('sk_demo_call_observer_4f9c2e7a1b3d5f60')).toBe(true)
    expect(isSubprotocolToken("a!#$%&'*+-.^_`|~Z9")).toBe(true)
    expect(isSubprotocolToken('x'.repeat(4096))).toBe(true)
    expect(isSubprotocolToken('x'.repeat(4097))).toBe(false)
    expect(isSubprotocolToken('')).toBe(false)
    expect(isSubprotocolToken('has space')).toBe(false)
    expect(isSubprotocolToken('comma,separated')).toBe(false)
    expect(isSubprotocolToken('quoted"key')).toBe(false)
    expect(isSubprotocolToken('clé')).toBe(false)
    expect(isSubprotocolToken('auth')).toBe(false)
  })

  it('builds the observer URL from the REST base URL', () => {
    expect(observerUrl('http://127.0.0.1:8080', 'w1', 'CA1').href).toBe(
      'ws://127.0.0.1:8080/v1/w1/observers/CA1/ws',
    )
    expect(observerUrl('https://api.platform.amigo.ai/', 'w 1', 'CA/1').href).toBe(
      'wss://api.platform.amigo.ai/v1/w%201/observers/CA%2F1/ws',
    )
  })
})
