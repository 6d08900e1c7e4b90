import type { EscalationItem, Text } from '../../api/live'

/**
 * The escalation inbox: every escalation raised, waiting until an operator joins its call, ended
 * with the call. Ended ones are kept (an inbox is history) up to `capacity`, oldest dropped first.
 */
export class EscalationInbox {
  readonly #capacity: number
  /** By escalation id, in the order raised. */
  readonly #items = new Map<string, EscalationItem>()
  /** The escalations of each call still open, for the operator and end events that name a call. */
  readonly #open = new Map<string, EscalationItem[]>()
  readonly #changed = new Map<string, EscalationItem>()
  readonly #raised = new Map<string, EscalationItem>()

  constructor(capacity: number) {
    this.#capacity = capacity
  }

  /**
   * Files a new escalation. Null when its id is already filed (a replay after reconnecting
   * repeats events): it is neither filed nor announced twice.
   */
  raise(item: EscalationItem): EscalationItem | null {
    if (this.#items.has(item.escalationId)) return null
    this.#items.set(item.escalationId, item)
    if (item.status !== 'ended') {
      const open = this.#open.get(item.callSid)
      if (open === undefined) this.#open.set(item.callSid, [item])
      else open.push(item)
    }
    this.#changed.set(item.escalationId, item)
    this.#raised.set(item.escalationId, item)
    if (this.#items.size > this.#capacity) this.#dropOldest()
    return item
  }

  /** The call's most recent escalation still open. */
  latestOpen(callSid: string): EscalationItem | undefined {
    return this.#open.get(callSid)?.at(-1)
  }

  /** An operator joined the call: its waiting escalations are answered by them. */
  joined(callSid: string, operatorId: string): void {
    for (const item of this.#open.get(callSid) ?? []) {
      if (item.status === 'joined') continue
      item.status = 'joined'
      item.operatorId = operatorId
      this.#changed.set(item.escalationId, item)
    }
  }

  /** The call ended: so did its escalations. */
  ended(callSid: string): void {
    const open = this.#open.get(callSid)
    if (open === undefined) return
    this.#open.delete(callSid)
    for (const item of open) {
      item.status = 'ended'
      this.#changed.set(item.escalationId, item)
    }
  }

  /** The calls that have an escalation still open. */
  openCalls(): string[] {
    return [...this.#open.keys()]
  }

  /** The caller of a call became known after its escalations were filed. */
  setCaller(callSid: string, caller: Text): void {
    for (const item of this.#open.get(callSid) ?? []) {
      if (item.caller === caller) continue
      item.caller = caller
      this.#changed.set(item.escalationId, item)
    }
  }

  /** Every escalation, newest first. */
  list(): EscalationItem[] {
    return Array.from(this.#items.values(), copy).reverse()
  }

  /** The escalations changed since the last call, and those raised among them. */
  takeChanges(): { escalations: EscalationItem[]; raised: EscalationItem[] } | null {
    if (this.#changed.size === 0) return null
    const escalations = Array.from(this.#changed.values(), copy)
    const raised = Array.from(this.#raised.values(), copy)
    this.#changed.clear()
    this.#raised.clear()
    return { escalations, raised }
  }

  clear(): void {
    this.#items.clear()
    this.#open.clear()
    this.#changed.clear()
    this.#raised.clear()
  }

  #dropOldest(): void {
    for (const item of this.#items.values()) {
      this.#items.delete(item.escalationId)
      const open = this.#open.get(item.callSid)
      const remaining = open?.filter((other) => other !== item) ?? []
      if (remaining.length > 0) this.#open.set(item.callSid, remaining)
      else this.#open.delete(item.callSid)
      return
    }
  }
}

function copy(item: EscalationItem): EscalationItem {
  return { ...item }
}
