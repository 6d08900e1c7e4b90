import type { WorkspaceEvent } from '../core/events'
import type { Operator, Service } from '../core/platform/rest'
import { OPERATORS } from './scenario/calls/operators'
import { SERVICES } from './scenario/dialogue'

/**
 * The workspace's services and operators as the simulated platform lists them (spec 4.5
 * `ServiceResponse`, 4.3 `OperatorResponse`): the demo's services and operators on shift, plus
 * operators the scenario registers as it plays (named by their profile updates), with each
 * operator's status and call kept from the events.
 */
export class Directory {
  readonly #operators = new Map<string, Operator>()

  constructor(readonly workspaceId: string) {
    for (const operator of OPERATORS) {
      this.#operators.set(operator.id, {
        id: operator.id,
        name: operator.displayName,
        email: `${operator.first
          .normalize('NFD')
          .replace(/\p{Mn}/gu, '')
          .toLowerCase()}@clinic.example.com`,
        phone_number: operator.phone,
        connection_method: operator.phone === null ? 'browser' : 'phone',
        role: 'operator',
        type: operator.skills.includes('nurse') ? 'clinical' : 'administrative',
        skills: [...operator.skills],
        status: 'online',
        active_call_sid: null,
        avg_handle_time_seconds: 0,
        total_escalations_handled: 0,
        workspace_id: workspaceId,
      })
    }
  }

  services(): Service[] {
    return SERVICES.map((service) => ({
      id: service.id,
      name: service.name,
      description: `The demo clinic's ${service.key} line.`,
      agent_name: 'Ava',
      channel_type: 'voice',
      context_graph_name: `${service.key}-graph`,
      environment: 'production',
      is_active: true,
      workspace_id: this.workspaceId,
    }))
  }

  operators(): Operator[] {
    return [...this.#operators.values()].map((operator) => ({ ...operator }))
  }

  apply(event: WorkspaceEvent, isoNow: string): void {
    switch (event.event_type) {
      case 'operator.registered':
        this.#operators.set(event.operator_id, {
          id: event.operator_id,
          name: null,
          connection_method: 'browser',
          role: 'operator',
          skills: [],
          status: 'offline',
          avg_handle_time_seconds: 0,
          total_escalations_handled: 0,
          created_at: event.timestamp ?? isoNow,
          workspace_id: this.workspaceId,
        })
        return
      case 'operator.profile_updated':
        this.#update(event.operator_id, (operator) => {
          const name = event.changes?.display_name
          if (typeof name === 'string') operator.name = name
          const skills = event.changes?.skills
          if (typeof skills === 'string') operator.skills = skills.split(',').filter(Boolean)
          operator.updated_at = isoNow
        })
        return
      case 'operator.status_changed':
        this.#update(event.operator_id, (operator) => {
          operator.status = event.status
          operator.last_status_change = isoNow
        })
        return
      case 'operator.joined_call':
        this.#update(event.operator_id, (operator) => {
          operator.active_call_sid = event.call_sid
          operator.status = 'busy'
        })
        return
      case 'operator.left_call':
        this.#update(event.operator_id, (operator) => {
          operator.active_call_sid = null
          operator.last_call_at = isoNow
          operator.total_escalations_handled += 1
        })
        return
      default:
        return
    }
  }

  #update(operatorId: string, change: (operator: Operator) => void): void {
    const operator = this.#operators.get(operatorId)
    if (operator) change(operator)
  }
}

/** One page of a list, as `PaginatedResponse` (spec 4): the token is the next offset. */
export function page<T>(items: readonly T[], offset: number, limit: number) {
  const slice = items.slice(offset, offset + limit)
  const hasMore = offset + slice.length < items.length
  return {
    items: slice,
    has_more: hasMore,
    continuation_token: hasMore ? offset + slice.length : null,
    total: items.length,
  }
}
