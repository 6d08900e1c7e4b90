import { OPERATORS } from '../calls/operators'
import { prefixedHex } from '../ids'
import { invent } from '../people'
import type { Random } from '../random'
import type { Script } from '../script'
import { isoAt, type World } from '../world'

// The workspace's people: members invited and added, roles changed, operators registered and
// their profiles edited. Operators who take calls are never touched here: their status belongs to
// the calls they are on.

/**
 * A new operator joins: invited, accepts, becomes a member, is registered as an operator, fills in
 * a profile and comes online.
 */
export function onboardOperator(script: Script, rng: Random, world: World): void {
  const person = invent(rng)
  const entityId = rng.uuid()
  const operatorId = rng.uuid()
  const role = 'operator'
  script.workspace({
    event_type: 'workspace.invitation_sent',
    invitation_id: prefixedHex(rng, 'inv'),
    role,
    resent: false,
  })
  script.wait(rng.between(40000, 150000))
  script.workspace({ event_type: 'workspace.invitation_accepted', entity_id: entityId, role })
  script.wait(rng.between(500, 2000))
  script.workspace({ event_type: 'workspace.member_added', entity_id: entityId, role })
  script.wait(rng.between(3000, 10000)).workspace({
    event_type: 'operator.registered',
    operator_id: operatorId,
    timestamp: isoAt(world, script.now),
  })
  script.wait(rng.between(10000, 60000)).workspace({
    event_type: 'operator.profile_updated',
    operator_id: operatorId,
    changes: {
      display_name: person.name,
      skills: rng.pick(['front_desk', 'front_desk,billing', 'nurse']),
      phone_number: rng.chance(0.5) ? person.phone : null,
    },
  })
  script.wait(rng.between(5000, 30000))
  script.workspace({
    event_type: 'operator.status_changed',
    operator_id: operatorId,
    status: 'online',
  })
}

/** An existing member's role changes. */
export function changeRole(script: Script, rng: Random): void {
  const [previous, next] = rng.pick([
    ['operator', 'supervisor'],
    ['viewer', 'operator'],
    ['supervisor', 'admin'],
  ] as const)
  script.workspace({
    event_type: 'workspace.member_role_updated',
    entity_id: rng.uuid(),
    previous_role: previous,
    role: next,
  })
}

/** An invitation nobody answered is sent again. */
export function resendInvitation(script: Script, rng: Random): void {
  script.workspace({
    event_type: 'workspace.invitation_sent',
    invitation_id: prefixedHex(rng, 'inv'),
    role: rng.pick(['operator', 'viewer']),
    resent: true,
  })
}

/** An on-shift operator edits their profile (their skills or how they join calls). */
export function editOperatorProfile(script: Script, rng: Random): void {
  const operator = rng.pick(OPERATORS)
  script.workspace({
    event_type: 'operator.profile_updated',
    operator_id: operator.id,
    changes: rng.pick<Record<string, string>>([
      { skills: [...operator.skills, 'spanish'].join(',') },
      { connection_method: operator.phone === null ? 'browser' : 'phone' },
      { display_name: operator.displayName },
    ]),
  })
}
