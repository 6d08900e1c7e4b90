/**
 * The observer socket authenticates with the subprotocol pair `auth, <key>` (spec 3.2). A key
 * travels in that header only if it is an RFC 6455 subprotocol token: letters, digits and
 * ``!#$%&'*+-.^_`|~``, at most 4096 characters (the vendor SDK's limit).
 */
const SUBPROTOCOL_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,4096}$/

/**
 * Whether `apiKey` can be sent as the second subprotocol. `auth` itself cannot: the pair would
 * repeat a value, which the WebSocket handshake forbids.
 */
export function isSubprotocolToken(apiKey: string): boolean {
  return SUBPROTOCOL_TOKEN.test(apiKey) && apiKey !== 'auth'
}

export const INVALID_KEY_MESSAGE =
  "The API key cannot be sent to the observer socket: it must be 1–4096 letters, digits or !#$%&'*+-.^_`|~ characters. Check it for spaces or quotes copied with it."

/** `ws(s)://host/v1/{workspace_id}/observers/{call_sid}/ws` from the REST base URL (spec 3.1). */
export function observerUrl(baseUrl: string, workspaceId: string, callSid: string): URL {
  const url = new URL(
    `v1/${encodeURIComponent(workspaceId)}/observers/${encodeURIComponent(callSid)}/ws`,
    baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`,
  )
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
  return url
}
