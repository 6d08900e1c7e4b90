import { z } from 'zod'
import { id } from '../../events/fields'
import { openEnum, paginated } from './schema-kit'

/**
 * `ServiceResponse` (spec 4.5): the fields a call observer reads (the platform sends more, which
 * are dropped). Events carry only a `service_id`; this gives it a name.
 */
export const serviceSchema = z.object({
  agent_name: z.string().nullish(),
  channel_type: openEnum(['voice', 'text', 'scribe']).default('voice'),
  context_graph_name: z.string().nullish(),
  description: z.string(),
  environment: openEnum(['sandbox', 'production']).default('production'),
  id: id(),
  is_active: z.boolean(),
  name: z.string(),
  workspace_id: id(),
})

/** `GET /v1/{workspace_id}/services`: a `PaginatedResponse` of `ServiceResponse`. */
export const servicePageSchema = paginated(serviceSchema)

export type Service = z.output<typeof serviceSchema>
export type ServicePage = z.output<typeof servicePageSchema>
