import type { WorkspaceCheck, WorkspaceCredentials } from '../../api'
import { PlatformClient } from '../platform'
import { ApiFailure } from './api-failure'
import { startFailure } from './start-failure'

/** `GET /v1/auth/me` with the credentials as typed: whether the key works, and for how long. */
export async function checkWorkspace(credentials: WorkspaceCredentials): Promise<WorkspaceCheck> {
  const client = new PlatformClient({ ...credentials, timeoutMs: 10_000 })
  let info
  try {
    info = await client.authMe()
  } catch (error) {
    throw startFailure(error)
  }
  if (info.workspace_id !== credentials.workspaceId) {
    throw new ApiFailure(
      'credentials-rejected',
      `This API key belongs to workspace ${info.workspace_id}, not ${credentials.workspaceId}. ` +
        'Check the workspace id, or use a key of this workspace.',
    )
  }
  return {
    workspaceId: info.workspace_id,
    keyName: info.name ?? null,
    keyExpiresAt: info.expires_at,
    keyExpiresInSeconds: info.expires_in_seconds,
  }
}
