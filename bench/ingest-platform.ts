import { createInterface } from 'node:readline'
import { startSimulator } from '../src-main/simulator/simulator'
import { workspaceFirehose } from '../src-main/simulator/firehose'

// The platform side of the ingest benchmark, in a process of its own so that the recorder's
// memory is measured alone. Prints one JSON line (where it is), then publishes `count` events as
// fast as it can once told "go" on stdin, and exits when stdin closes.

const count = Number(process.argv[2] ?? 1_000_000)
const sim = await startSimulator({
  clock: 'manual',
  scenario: workspaceFirehose,
  replayWindowMs: 60_000,
  log: { memory: false },
})
process.stdout.write(
  `${JSON.stringify({ baseUrl: sim.baseUrl, workspaceId: sim.workspaceId, apiKey: sim.apiKey })}\n`,
)

const lines = createInterface({ input: process.stdin })
lines.on('line', (line) => {
  if (line !== 'go') return
  // One simulated millisecond per event; publish in slices so the sockets can drain in between.
  const publishSlice = () => {
    if (sim.publishedCount() >= count) return
    sim.advance(Math.min(5000, count - sim.publishedCount()))
    setImmediate(publishSlice)
  }
  publishSlice()
})
lines.on('close', () => {
  void sim.close().then(() => process.exit(0))
})
