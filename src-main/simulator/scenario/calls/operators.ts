import type { OperatorSkill } from '../dialogue'

/** A human operator of the demo workspace, who can take over an escalated call. */
export interface Operator {
  id: string
  /** As the conference shows it (`participant_joined.display_name`). */
  displayName: string
  first: string
  /** The phone the operator joins from; null when joining from the browser. */
  phone: string | null
  skills: readonly OperatorSkill[]
}

/** The demo workspace's operators on shift. Invented people, 555 numbers. */
export const OPERATORS: readonly Operator[] = [
  {
    id: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
    displayName: 'Renée Dubois, RN',
    first: 'Renée',
    phone: null,
    skills: ['nurse'],
  },
  {
    id: 'b7c8d9e0-f1a2-4b3c-9d4e-5f6a7b8c9d0e',
    displayName: 'Marcus Bell',
    first: 'Marcus',
    phone: '+15555550141',
    skills: ['front_desk', 'billing'],
  },
  {
    id: 'c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f',
    displayName: 'Priya Raman, PharmD',
    first: 'Priya',
    phone: '+15555550158',
    skills: ['pharmacy', 'nurse'],
  },
  {
    id: 'd9e0f1a2-b3c4-4d5e-a6f7-8a9b0c1d2e3f',
    displayName: 'Óscar Villanueva',
    first: 'Óscar',
    phone: null,
    skills: ['billing', 'front_desk'],
  },
  {
    id: 'e5f6a7b8-c9d0-4e1f-b2a3-4b5c6d7e8f90',
    displayName: 'Hannah Schulz, RN',
    first: 'Hannah',
    phone: '+15555550177',
    skills: ['nurse', 'front_desk'],
  },
]

/**
 * Who is free when. An operator handles one call at a time (the platform answers 409 to a second
 * join), from joining until the wrap-up is filed.
 *
 * Calls are written whole when they start, so a call written later may need an operator earlier
 * than a reservation made by a call written before it. To stay simple and safe, an operator is
 * free at `at` only when every reservation of theirs has ended by then.
 */
export class OperatorDesk {
  private readonly busyUntil = new Map<string, number>()

  constructor(private readonly operators: readonly Operator[] = OPERATORS) {}

  /** Reserves a free operator, preferring one with the skill; undefined when all are busy. */
  claim(skill: OperatorSkill, at: number): Operator | undefined {
    const free = this.operators.filter((operator) => (this.busyUntil.get(operator.id) ?? 0) <= at)
    const chosen = free.find((operator) => operator.skills.includes(skill)) ?? free[0]
    if (chosen) this.busyUntil.set(chosen.id, Number.POSITIVE_INFINITY)
    return chosen
  }

  /** Ends a reservation made by `claim`: the operator is free again from `at`. */
  release(operator: Operator, at: number): void {
    this.busyUntil.set(operator.id, at)
  }
}
