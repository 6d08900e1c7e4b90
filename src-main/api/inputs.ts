import { z } from 'zod'
import type { MethodName } from './contract'

/**
 * The input schema of every command: the core validates every call against it, whatever the
 * transport, because the renderer is not trusted with the core's invariants.
 */
const none = z.undefined()

const credentials = z.strictObject({
  baseUrl: z
    .string()
    .trim()
    .min(1, 'Enter the platform base URL.')
    .max(2048)
    .refine(isHttpUrl, 'The base URL must start with http:// or https://.'),
  workspaceId: z.string().trim().min(1, 'Enter the workspace id.').max(200),
  apiKey: z.string().trim().min(1, 'Enter the API key.').max(4096),
})

const connection = credentials.extend({
  name: z.string().trim().max(120, 'Keep the workspace name under 120 characters.').optional(),
})

const sessionPage = z.strictObject({
  limit: z.int().min(1).max(200).optional(),
  offset: z.int().min(0).max(1_000_000_000).optional(),
})

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text)
    return url.protocol === 'http:' || url.protocol === 'https:'
  } catch {
    return false
  }
}

export const methodInputs = {
  'app.getState': none,
  'workspace.check': credentials,
  'workspace.connect': connection,
  'workspace.disconnect': none,
  'demo.start': none,
  'live.getSnapshot': none,
  'connection.retryNow': none,
  'names.get': none,
  'sessions.list': sessionPage,
  'recording.dismissBackfillProblems': none,
} as const satisfies Record<MethodName, z.ZodType>
