/**
 * The bounds on the work one frame can cost, before anything recursive touches it. A frame past
 * them is a fault or an attack, never a real event: it is quarantined with its reason, and the
 * stream reads on.
 */
export interface FrameLimits {
  /**
   * The largest frame, in bytes of UTF-8 (an SSE frame's `data:` lines, an observer message).
   * Enforced while the frame is read, so a bigger one is never held in memory.
   */
  maxFrameBytes: number
  /**
   * The deepest nesting of objects and arrays. Serializing, copying or redacting a payload is
   * recursive; a 5,000-level frame would overflow the stack of each, so it is refused up front.
   */
  maxDepth: number
}

export const DEFAULT_FRAME_LIMITS: FrameLimits = {
  maxFrameBytes: 1024 * 1024,
  // Real payloads nest a few levels (an emotion reading's scores, a tool's input); 64 leaves a
  // tool's own JSON plenty of room.
  maxDepth: 64,
}

/** A REST reply holds a whole call (turns, tools, the playback timeline): far more than a frame. */
export const DEFAULT_MAX_REST_BODY_BYTES = 32 * 1024 * 1024

const QUOTE = 0x22
const BACKSLASH = 0x5c
const OPEN_BRACE = 0x7b
const OPEN_BRACKET = 0x5b
const CLOSE_BRACE = 0x7d
const CLOSE_BRACKET = 0x5d

/**
 * Whether JSON text nests objects and arrays deeper than `maxDepth`, read without parsing it: one
 * pass, no recursion, strings skipped with `indexOf` (most of a frame is strings). Text that is not
 * valid JSON gets some answer; `JSON.parse` then refuses it anyway.
 */
export function nestsDeeperThan(text: string, maxDepth: number): boolean {
  // Nesting deeper than `maxDepth` needs more than `maxDepth` opening brackets. Counting them
  // with indexOf (native, fast) settles nearly every real frame, which has a handful.
  if (openingsAtMost(text, maxDepth)) return false
  let depth = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code === QUOTE) {
      i = closingQuote(text, i)
      if (i === -1) return false
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      if (++depth > maxDepth) return true
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      depth--
    }
  }
  return false
}

/** Whether `text` holds at most `limit` of `{` and `[` together (inside strings too). */
function openingsAtMost(text: string, limit: number): boolean {
  let count = 0
  for (const bracket of ['{', '[']) {
    for (let at = text.indexOf(bracket); at !== -1; at = text.indexOf(bracket, at + 1)) {
      if (++count > limit) return false
    }
  }
  return true
}

/** The index of the quote closing the string opened at `open`, or -1 when it never closes. */
function closingQuote(text: string, open: number): number {
  let at = text.indexOf('"', open + 1)
  while (at !== -1) {
    let backslashes = 0
    while (text.charCodeAt(at - 1 - backslashes) === BACKSLASH) backslashes++
    if (backslashes % 2 === 0) return at
    at = text.indexOf('"', at + 1)
  }
  return -1
}
