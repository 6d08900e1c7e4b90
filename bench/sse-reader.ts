import { request } from 'node:http'

const BLANK_LINE = Buffer.from('\n\n')

/**
 * A raw SSE reader for benchmarks: counts messages (blank-line boundaries) as bytes arrive, with
 * no parsing, so that what is measured is the server's push rate.
 */
export function countSseMessages(
  url: string,
  headers: Record<string, string>,
  expected: number,
): Promise<{ seconds: number }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    let count = 0
    let previous = 0
    const req = request(url, { headers }, (res) => {
      res.on('data', (chunk: Buffer) => {
        // A blank line split across two chunks, then the ones inside this chunk.
        if (previous === 10 && chunk[0] === 10) count++
        for (
          let at = chunk.indexOf(BLANK_LINE);
          at !== -1;
          at = chunk.indexOf(BLANK_LINE, at + 2)
        ) {
          count++
        }
        previous = chunk.at(-1) ?? previous
        if (count >= expected) {
          req.destroy()
          resolve({ seconds: Number(process.hrtime.bigint() - started) / 1e9 })
        }
      })
      res.on('end', () => {
        reject(new Error(`stream ended after ${count} of ${expected} messages`))
      })
    })
    req.on('error', (error) => {
      if (count < expected) reject(error)
    })
    req.end()
  })
}
