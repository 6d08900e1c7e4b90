import { randomBytes } from 'node:crypto'
import { connect, type Socket } from 'node:net'

// A deliberately naive WebSocket client on a bare TCP socket, for tests that must send what no
// well-behaved library would: oversized, unmasked or otherwise invalid frames.

export interface FrameOptions {
  /** The opcode (0x1 text, 0x2 binary, 0x3 reserved...). */
  opcode: number
  payload: Buffer
  /** Clients must mask every frame (RFC 6455 5.1); false sends it bare. */
  masked?: boolean
}

/** One final frame, as bytes: header, extended length, mask key and (masked) payload. */
export function encodeFrame({ opcode, payload, masked = true }: FrameOptions): Buffer {
  const length = payload.length
  const lengthBytes = length < 126 ? 0 : length < 65536 ? 2 : 8
  const header = Buffer.alloc(2 + lengthBytes + (masked ? 4 : 0))
  header[0] = 0x80 | (opcode & 0x0f)
  const maskBit = masked ? 0x80 : 0
  if (lengthBytes === 0) header[1] = maskBit | length
  else if (lengthBytes === 2) {
    header[1] = maskBit | 126
    header.writeUInt16BE(length, 2)
  } else {
    header[1] = maskBit | 127
    header.writeBigUInt64BE(BigInt(length), 2)
  }
  if (!masked) return Buffer.concat([header, payload])
  const key = randomBytes(4)
  key.copy(header, 2 + lengthBytes)
  const body = Buffer.alloc(length)
  for (let i = 0; i < length; i++) body[i] = (payload[i] ?? 0) ^ (key[i % 4] ?? 0)
  return Buffer.concat([header, body])
}

export interface RawConnection {
  socket: Socket
  /** The status line of the server's answer to the upgrade request. */
  statusLine: string
  /** Resolves once the TCP connection is fully closed, whoever closed it. */
  closed: Promise<void>
  /** The code of the close frame the server sent after its answer, if it sent one. */
  closeCode(): number | null
}

/** The status code of a server's (unmasked) close frame at the start of `bytes`. */
function closeCodeOf(bytes: Buffer): number | null {
  if (bytes.length < 4 || bytes[0] !== 0x88) return null
  return bytes.readUInt16BE(2)
}

/**
 * Opens a TCP connection, sends `request` (an HTTP request head, without the final blank line)
 * and waits for the answer's head. The socket's errors are swallowed: a server that resets a bad
 * client is what these tests provoke.
 */
export function rawRequest(port: number, request: string): Promise<RawConnection> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port })
    const closed = new Promise<void>((done) => {
      socket.once('close', () => {
        done()
      })
    })
    socket.on('error', () => undefined)
    let received = Buffer.alloc(0)
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk])
      const end = received.indexOf('\r\n\r\n')
      if (end === -1) return
      socket.off('data', onData)
      // What follows the head (a close frame, a body) is kept for `closeCode`.
      let rest = received.subarray(end + 4)
      socket.on('data', (more: Buffer) => {
        rest = Buffer.concat([rest, more])
      })
      const statusLine = received.subarray(0, received.indexOf('\r\n')).toString()
      resolve({ socket, statusLine, closed, closeCode: () => closeCodeOf(rest) })
    }
    socket.on('data', onData)
    socket.once('close', () => {
      reject(new Error(`connection closed before an answer: ${received.toString('latin1')}`))
    })
    socket.write(`${request}\r\n\r\n`)
  })
}

/** The upgrade request a browser page of `origin` sends, cookie included. */
export function upgradeRequest(port: number, headers: Record<string, string>): string {
  const lines = [
    'GET /api HTTP/1.1',
    `Host: 127.0.0.1:${port}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
    'Sec-WebSocket-Version: 13',
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ]
  return lines.join('\r\n')
}
