import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A bare HTTP server that answers each request with a test's own script. */
export interface RawSseServer {
  baseUrl: string
  /** The headers of every request received. */
  requests: IncomingHttpHeaders[]
  close(): Promise<void>
}

/** `respond` gets the 0-based number of the request; open responses are cut on `close()`. */
export async function startRawSseServer(
  respond: (response: ServerResponse, requestNumber: number) => void,
): Promise<RawSseServer> {
  const requests: IncomingHttpHeaders[] = []
  const server = createServer((request, response) => {
    requests.push(request.headers)
    respond(response, requests.length - 1)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => {
          resolve()
        })
      }),
  }
}

/** Starts an event stream response and sends its headers at once. */
export function openEventStream(response: ServerResponse): void {
  response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' })
  response.flushHeaders()
}
