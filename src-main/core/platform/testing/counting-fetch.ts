/** One request a client made, as the server would see its headers. */
export interface SeenRequest {
  url: string
  lastEventId: string | null
  authorization: string | null
  status: number | null
}

/** Wraps the global fetch to record every request and its answer's status. */
export function countingFetch(): { fetch: typeof fetch; requests: SeenRequest[] } {
  const requests: SeenRequest[] = []
  const wrapped: typeof fetch = async (input, init) => {
    const headers = new Headers(init?.headers)
    const seen: SeenRequest = {
      url: input instanceof Request ? input.url : String(input),
      lastEventId: headers.get('last-event-id'),
      authorization: headers.get('authorization'),
      status: null,
    }
    requests.push(seen)
    const response = await fetch(input, init)
    seen.status = response.status
    return response
  }
  return { fetch: wrapped, requests }
}
