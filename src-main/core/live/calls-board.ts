import type { LiveCall, Text } from '../../api/live'

export const UNKNOWN_CALLER: Text = ['Unknown caller']

/** A call on the board as the model keeps it; `LiveCall` is what leaves the model. */
export interface CallState extends Omit<LiveCall, 'priority'> {
  /** An operator has joined since the call's current escalation. */
  answered: boolean
  /** When the model last heard anything of this call (its clock), for stale eviction. */
  lastSeenAt: number
  /** When the call was put on the board (its clock): a list of live calls older than that may not know it. */
  addedAt: number
}

export interface CallsBoardOptions {
  now: () => number
  /** A call with no event for this long is dropped: its end was missed. */
  staleAfterMs: number
  maxCalls: number
}

/** How many ended calls are remembered, so a late observer frame cannot bring one back. */
const ENDED_MEMORY = 1000
/** Stale calls are looked for at most this often on the ingest path. */
const SWEEP_INTERVAL_MS = 1000

/**
 * Board order: escalated calls no operator has answered, then calls with an operator, then
 * callers in distress, then the rest.
 */
export function priorityOf(call: CallState): number {
  if (call.escalation !== null && !call.answered && call.operator === null) return 0
  if (call.operator !== null) return 1
  if (call.emotion?.tone === 'negative') return 2
  return 3
}

function toLiveCall(call: CallState): LiveCall {
  const { answered: _answered, lastSeenAt: _lastSeenAt, addedAt: _addedAt, ...live } = call
  return { ...live, priority: priorityOf(call) }
}

function byPriority(a: LiveCall, b: LiveCall): number {
  return a.priority - b.priority || a.startedAt - b.startedAt || (a.callSid < b.callSid ? -1 : 1)
}

/**
 * The live calls and what changed since the last read. The map is kept in least-recently-seen
 * order (a seen call is moved to the end), so stale calls are found at its front in O(1).
 * Nested values of a call (its utterance, emotion, ...) are replaced, never mutated, so a copy
 * handed out stays true to the moment it was taken.
 */
export class CallsBoard {
  readonly #options: CallsBoardOptions
  readonly #calls = new Map<string, CallState>()
  readonly #upserted = new Set<string>()
  readonly #removed = new Set<string>()
  readonly #ended = new Set<string>()
  #lastSweep = Number.NEGATIVE_INFINITY

  constructor(options: CallsBoardOptions) {
    this.#options = options
  }

  get size(): number {
    return this.#calls.size
  }

  get(callSid: string): CallState | undefined {
    return this.#calls.get(callSid)
  }

  /** Notes activity on a call; returns it when it is on the board. */
  seen(callSid: string): CallState | undefined {
    const call = this.#calls.get(callSid)
    if (call === undefined) return undefined
    call.lastSeenAt = this.#options.now()
    this.#calls.delete(callSid)
    this.#calls.set(callSid, call)
    return call
  }

  /** Marks a call as changed, to be handed out by the next `takeChanges`. */
  changed(call: CallState): void {
    this.#upserted.add(call.callSid)
  }

  /** Whether the call ended recently (an observer frame must not bring it back). */
  hasEnded(callSid: string): boolean {
    return this.#ended.has(callSid)
  }

  /** A new call with nothing known about it yet but what `fields` says. */
  add(
    fields: Pick<CallState, 'callSid' | 'caller' | 'direction' | 'serviceId' | 'startedAt'>,
  ): CallState {
    const now = this.#options.now()
    const call: CallState = {
      ...fields,
      state: null,
      lastUtterance: null,
      emotion: null,
      escalation: null,
      operator: null,
      answered: false,
      lastSeenAt: now,
      addedAt: now,
    }
    this.#calls.set(call.callSid, call)
    this.#ended.delete(call.callSid)
    this.#removed.delete(call.callSid)
    this.#upserted.add(call.callSid)
    if (this.#calls.size > this.#options.maxCalls) this.#dropOldest()
    return call
  }

  /** Takes a call off the board; `ended` when it is known to be over. */
  remove(callSid: string, ended: boolean): void {
    if (ended) {
      this.#ended.add(callSid)
      if (this.#ended.size > ENDED_MEMORY) this.#ended.delete(first(this.#ended) ?? callSid)
    }
    if (!this.#calls.delete(callSid)) return
    this.#upserted.delete(callSid)
    this.#removed.add(callSid)
  }

  /**
   * Drops the calls not heard of for too long and returns them; on the ingest path (`force`
   * false), looks at most once a second.
   */
  sweep(force: boolean): string[] {
    const now = this.#options.now()
    if (!force && now - this.#lastSweep < SWEEP_INTERVAL_MS) return []
    this.#lastSweep = now
    const cutoff = now - this.#options.staleAfterMs
    const dropped: string[] = []
    for (const call of this.#calls.values()) {
      if (call.lastSeenAt > cutoff) break
      this.remove(call.callSid, false)
      dropped.push(call.callSid)
    }
    return dropped
  }

  /**
   * Ends every call missing from `live` (the platform's list of live calls) that was on the board
   * before `listedAt`, and returns them. A call added since may be newer than the list.
   */
  reconcile(live: ReadonlySet<string>, listedAt: number): string[] {
    const gone: string[] = []
    for (const call of this.#calls.values()) {
      if (!live.has(call.callSid) && call.addedAt < listedAt) gone.push(call.callSid)
    }
    for (const callSid of gone) this.remove(callSid, true)
    return gone
  }

  /**
   * What changed since the last call. A call that started and ended in between is only in
   * `removed`: the renderer may have seen it in a snapshot, and removing an unknown call is a
   * no-op there.
   */
  takeChanges(): { upserted: LiveCall[]; removed: string[] } | null {
    if (this.#upserted.size === 0 && this.#removed.size === 0) return null
    const upserted: LiveCall[] = []
    for (const callSid of this.#upserted) {
      const call = this.#calls.get(callSid)
      if (call !== undefined) upserted.push(toLiveCall(call))
    }
    const removed = [...this.#removed]
    this.#upserted.clear()
    this.#removed.clear()
    return { upserted, removed }
  }

  /** Every call, in board order. */
  list(): LiveCall[] {
    return Array.from(this.#calls.values(), toLiveCall).sort(byPriority)
  }

  clear(): void {
    this.#calls.clear()
    this.#upserted.clear()
    this.#removed.clear()
    this.#ended.clear()
  }

  #dropOldest(): void {
    const oldest = first(this.#calls.keys())
    if (oldest !== undefined) this.remove(oldest, false)
  }
}

function first<T>(items: Iterable<T>): T | undefined {
  for (const item of items) return item
  return undefined
}
