import type { OperatorState } from '../../api/live'

export type OperatorPatch = Partial<Pick<OperatorState, 'status' | 'callSid' | 'mode'>>

/**
 * The operators seen on the workspace stream: status, and the call each is on. Kept in
 * least-recently-updated order, so past `capacity` the operator quiet for longest is dropped.
 */
export class OperatorBoard {
  readonly #capacity: number
  readonly #operators = new Map<string, OperatorState>()
  readonly #changed = new Map<string, OperatorState>()

  constructor(capacity: number) {
    this.#capacity = capacity
  }

  get(operatorId: string): OperatorState | undefined {
    return this.#operators.get(operatorId)
  }

  /** Creates or changes an operator's row; `at` is when the event was received. */
  update(operatorId: string, patch: OperatorPatch, at: number): OperatorState {
    const known = this.#operators.get(operatorId)
    // A fresh object per change: rows already handed out keep the state they had.
    const next: OperatorState = {
      operatorId,
      status: known?.status ?? null,
      callSid: known?.callSid ?? null,
      mode: known?.mode ?? null,
      ...patch,
      updatedAt: at,
    }
    this.#operators.delete(operatorId)
    this.#operators.set(operatorId, next)
    this.#changed.set(operatorId, next)
    if (this.#operators.size > this.#capacity) this.#dropOldest()
    return next
  }

  /** The operator on a call, if the board knows one (a linear scan: only when a call appears). */
  onCall(callSid: string): OperatorState | undefined {
    for (const operator of this.#operators.values()) {
      if (operator.callSid === callSid) return operator
    }
    return undefined
  }

  /** The operators the board has on some call. */
  onAnyCall(): OperatorState[] {
    return [...this.#operators.values()].filter((operator) => operator.callSid !== null)
  }

  /** Every operator, by id. */
  list(): OperatorState[] {
    return [...this.#operators.values()].sort((a, b) =>
      a.operatorId < b.operatorId ? -1 : a.operatorId > b.operatorId ? 1 : 0,
    )
  }

  takeChanges(): OperatorState[] | null {
    if (this.#changed.size === 0) return null
    const changed = [...this.#changed.values()]
    this.#changed.clear()
    return changed
  }

  clear(): void {
    this.#operators.clear()
    this.#changed.clear()
  }

  #dropOldest(): void {
    for (const operatorId of this.#operators.keys()) {
      this.#operators.delete(operatorId)
      return
    }
  }
}
