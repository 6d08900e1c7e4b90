import type { Random } from './random'

// Identifier shapes the platform uses, drawn from a seeded stream so that runs are reproducible.

/** A Twilio call SID: `CA` and 32 hex digits (the SDK checks `^CA[a-zA-Z0-9]{32}$`). */
export function callSid(rng: Random): string {
  return `CA${rng.hex(32)}`
}

/** A Twilio conference SID. */
export function conferenceSid(rng: Random): string {
  return `CF${rng.hex(32)}`
}

/** A Twilio message SID, as a form delivered by SMS reports it. */
export function messageSid(rng: Random): string {
  return `SM${rng.hex(32)}`
}

/** A W3C trace id. */
export function traceId(rng: Random): string {
  return rng.hex(32)
}

/** A tool invocation id, as LLM tool calls name them. */
export function toolCallId(rng: Random): string {
  return `call_${rng.hex(24)}`
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/** A ULID-like id with a prefix (`esc_01J…`), the style of escalation and email ids. */
export function prefixedUlid(rng: Random, prefix: string): string {
  let body = '01J'
  while (body.length < 26) body += CROCKFORD[rng.int(0, CROCKFORD.length - 1)] ?? '0'
  return `${prefix}_${body}`
}

/** A short prefixed hex id (`txt_8f7e6d5c4b3a`), the style of session and run ids. */
export function prefixedHex(rng: Random, prefix: string, length = 12): string {
  return `${prefix}_${rng.hex(length)}`
}
