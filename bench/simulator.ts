import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { startSimulator } from '../src-main/simulator/simulator'
import { report } from './harness'
import { countSseMessages } from './sse-reader'

const TARGET_EVENTS = 100_000

/**
 * How fast the simulator pushes workspace events over loopback SSE to a raw reader. A reconnect
 * with an old `Last-Event-ID` replays the whole buffer at full speed, through the same path as
 * live events (framing, frame log, writes). Baseline: a bare node:http server writing frames of
 * the same size, pre-formatted, to the same reader.
 */
export async function benchSimulatorPush(): Promise<boolean> {
  const sim = await startSimulator({
    clock: 'manual',
    seed: 5,
    callsPerMinute: 60,
    concurrency: 100,
    replayWindowMs: Number.MAX_SAFE_INTEGER,
    log: { memory: false },
  })
  while (sim.publishedCount() < TARGET_EVENTS) sim.advance(600_000)
  const events = sim.publishedCount()
  // The reader counts every message: retry, stream.opened, then each replayed event.
  const { seconds } = await countSseMessages(
    `${sim.baseUrl}/v1/${sim.workspaceId}/events/stream`,
    { Authorization: `Bearer ${sim.apiKey}`, 'Last-Event-ID': '1' },
    events + 2,
  )
  await sim.close()

  const data = JSON.stringify({
    call_sid: 'CA0f1e2d3c4b5a69788796a5b4c3d2e1f0',
    direction: 'inbound',
    service_id: '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b',
    caller_id: '+15555550142',
  })
  const frames = Array.from(
    { length: events + 2 },
    (_, i) => `id: ${1767225600000 + i}\nevent: call.started\ndata: ${data}\n\n`,
  )
  const baselineSeconds = await bareServerPush(frames)

  return report(
    `simulator SSE push (${events.toLocaleString('en-US')} events)`,
    { perSecond: events / seconds },
    { perSecond: events / baselineSeconds, name: 'bare node:http, pre-formatted frames' },
    { minPerSecond: 100_000 },
  )
}

async function bareServerPush(frames: readonly string[]): Promise<number> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/event-stream' })
    for (const frame of frames) response.write(frame)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const { seconds } = await countSseMessages(`http://127.0.0.1:${port}/`, {}, frames.length)
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve()
    })
    server.closeAllConnections()
  })
  return seconds
}
