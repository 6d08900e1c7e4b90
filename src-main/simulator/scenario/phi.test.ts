import { describe, expect, it } from 'vitest'
import { runFor } from './testing'
import type { Emission } from './types'

const run = runFor({ seed: 2024 }, 30)

function payloadText(stream: Emission['stream']): string {
  return run
    .filter((emission) => emission.stream === stream)
    .map((emission) => JSON.stringify(emission.event))
    .join('\n')
}

const PHONE = /^\+1555555\d{4}$/
const EXAMPLE_MAILBOX = /^[a-z0-9.-]+@example\.com$/

describe('synthetic PHI', () => {
  it('uses only 555 phone numbers, wherever they appear', () => {
    const everything = payloadText('workspace') + payloadText('observer')
    const e164 = everything.match(/\+\d{6,}/g) ?? []
    expect(e164.length).toBeGreaterThan(50)
    for (const number of e164) expect(number).toMatch(PHONE)
    // Numbers the agent reads out loud.
    for (const spoken of everything.match(/\b\d{3}-\d{3}-\d{4}\b/g) ?? []) {
      expect(spoken).toMatch(/^555-555-/)
    }
  })

  it('uses only example.com addresses, wherever they appear', () => {
    const everything = payloadText('workspace') + payloadText('observer')
    const addresses = everything.match(/[\w.+-]+@[\w.-]+/g) ?? []
    expect(addresses.length).toBeGreaterThan(20)
    for (const address of addresses) expect(address).toMatch(/[@.]example\.com$/)
  })

  it('puts synthetic values in the fields the spec marks x-phi', () => {
    let checked = 0
    for (const { event } of run) {
      if ('event_type' in event) {
        if (event.event_type === 'call.started') expect(event.caller_id).toMatch(PHONE)
        if (event.event_type === 'channel.voicemail_status') {
          expect(event.recipient_phone_number).toMatch(PHONE)
        }
        if (event.event_type === 'surface.delivered') {
          expect(event.channel_address).toMatch(event.channel === 'sms' ? PHONE : EXAMPLE_MAILBOX)
        }
        if (event.event_type.startsWith('channel.email_') && 'to_address' in event) {
          expect(event.to_address).toMatch(EXAMPLE_MAILBOX)
        }
      } else {
        if (event.type === 'forward_call_resolved') expect(event.target_number).toMatch(PHONE)
        if (event.type === 'participant_joined' && event.phone_number != null) {
          expect(event.phone_number).toMatch(/^\+1555555\d{4}$/)
        }
      }
      checked++
    }
    expect(checked).toBe(run.length)
  })

  it('leaves no template placeholder unfilled', () => {
    expect(payloadText('observer')).not.toMatch(/\{[a-z_]+\}/)
  })

  it('has multi-byte UTF-8 text on both streams for clients that split frames', () => {
    const firstTenMinutes = run.filter((emission) => emission.at <= 10 * 60_000)
    const text = (stream: Emission['stream']): string =>
      firstTenMinutes
        .filter((emission) => emission.stream === stream)
        .map((emission) => JSON.stringify(emission.event))
        .join('')
    const twoBytes = /[\u0080-\u07ff]/
    const threeBytes = /[\u0800-\ud7ff\ue000-\uffff]/
    const fourBytes = /[\u{10000}-\u{10ffff}]/u
    expect(text('observer')).toMatch(twoBytes)
    expect(text('observer')).toMatch(threeBytes)
    expect(text('workspace')).toMatch(twoBytes)
    expect(text('workspace')).toMatch(threeBytes)
    expect(text('workspace')).toMatch(fourBytes)
  })
})
