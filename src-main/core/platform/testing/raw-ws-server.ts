import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'

/** A bare WebSocket server that accepts the `auth` subprotocol and runs a test's script. */
export interface RawWsServer {
  baseUrl: string
  /** Every connection accepted, in order. */
  sockets: WebSocket[]
  close(): Promise<void>
}

export async function startRawWsServer(
  onConnection: (socket: WebSocket, connectionNumber: number) => void,
  options: { autoPong?: boolean } = {},
): Promise<RawWsServer> {
  const http = createServer()
  const sockets: WebSocket[] = []
  const wss = new WebSocketServer({
    server: http,
    autoPong: options.autoPong ?? true,
    handleProtocols: (protocols) => (protocols.has('auth') ? 'auth' : false),
  })
  wss.on('connection', (socket) => {
    sockets.push(socket)
    onConnection(socket, sockets.length - 1)
  })
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  const { port } = http.address() as AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    sockets,
    close: async () => {
      for (const socket of sockets) socket.terminate()
      await new Promise<void>((resolve) => {
        wss.close(() => {
          resolve()
        })
      })
      await new Promise<void>((resolve) => {
        http.closeAllConnections()
        http.close(() => {
          resolve()
        })
      })
    },
  }
}
