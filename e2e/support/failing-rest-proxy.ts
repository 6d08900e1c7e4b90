import { connect, createServer, type Socket } from 'node:net'

export interface FailingRestProxy {
  baseUrl: string
  /** Requests answered 404 so far. */
  refused(): number
  close(): Promise<void>
}

/**
 * A platform whose REST answers for some paths are lost: a TCP proxy in front of a simulator that
 * answers `404 Call not found` to requests whose path matches `failing` and passes everything
 * else through unchanged (the event stream, observer WebSockets, other REST calls). Each plain
 * request gets `Connection: close`, so no later request slips through on a reused connection.
 */
export async function startFailingRestProxy(
  upstreamBaseUrl: string,
  failing: RegExp,
): Promise<FailingRestProxy> {
  const upstream = new URL(upstreamBaseUrl)
  const sockets = new Set<Socket>()
  let refused = 0
  const server = createServer((client) => {
    sockets.add(client)
    client.on('close', () => sockets.delete(client))
    client.on('error', () => client.destroy())
    let head = Buffer.alloc(0)
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk])
      const end = head.indexOf('\r\n\r\n')
      if (end === -1) {
        if (head.length > 65_536) client.destroy()
        return
      }
      client.off('data', onData)
      client.pause()
      const lines = head.subarray(0, end).toString('latin1').split('\r\n')
      const path = lines[0]?.split(' ')[1] ?? ''
      if (failing.test(path)) {
        refused += 1
        const body = '{"detail":"Call not found"}'
        client.end(
          `HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: ${String(body.length)}\r\nConnection: close\r\n\r\n${body}`,
        )
        return
      }
      const upgrade = lines.some((line) => /^upgrade:/i.test(line))
      const headers = upgrade
        ? lines
        : [...lines.filter((line) => !/^connection:/i.test(line)), 'Connection: close']
      const server = connect(Number(upstream.port), upstream.hostname, () => {
        server.write(`${headers.join('\r\n')}\r\n\r\n`)
        server.write(head.subarray(end + 4))
        client.pipe(server)
        server.pipe(client)
        client.resume()
      })
      sockets.add(server)
      server.on('close', () => {
        sockets.delete(server)
        client.destroy()
      })
      server.on('error', () => client.destroy())
      client.on('close', () => server.destroy())
    }
    client.on('data', onData)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  return {
    baseUrl: `http://127.0.0.1:${String(port)}`,
    refused: () => refused,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => {
          resolve()
        })
      }),
  }
}
