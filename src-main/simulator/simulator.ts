import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { ApiKeyRegistry, type KeyState } from './api-keys'
import { ManualClock, ScaledClock, type SimClock } from './clock'
import { defaultFaults, type Faults } from './faults'
import { FrameLog, type FrameLogOptions } from './frame-log'
import { ObserverClose, ObserverEndpoint } from './observer-endpoint'
import { PlatformState } from './platform-state'
import { handleRest, sendError } from './rest-routes'
import { DEFAULT_WORKSPACE_ID, generateScenario } from './scenario'
import type { Emission, ScenarioOptions } from './scenario/types'
import { Random } from './scenario/random'
import { ScenarioPlayer } from './scenario-player'
import { WorkspaceStreamEndpoint } from './workspace-stream-endpoint'

export const DEMO_WORKSPACE_ID = DEFAULT_WORKSPACE_ID
export const DEMO_API_KEY = 'sk_demo_call_observer_4f9c2e7a1b3d5f60'

export interface SimulatorOptions {
  /** 0 (the default) picks a free port. Always bound to 127.0.0.1. */
  port?: number
  seed?: number
  /** Simulated seconds per real second (default 1). Ignored with `clock: 'manual'`. */
  speed?: number
  callsPerMinute?: number
  concurrency?: number
  /** `manual`: time moves only through `advance()`, for exact, instant tests. */
  clock?: 'real' | 'manual'
  /** Wall-clock time (epoch ms) of simulated time 0; fix it for byte-identical runs. */
  epochMs?: number
  heartbeatMs?: number
  replayWindowMs?: number
  maxStreams?: number
  log?: FrameLogOptions
  faults?: Partial<Faults>
  /** Deliver observer payloads nested under `data` (the docs' envelope) rather than flat. */
  nestedObserverEnvelope?: boolean
  /**
   * What the platform does, in simulated time. Default: the seeded demo scenario. Benchmarks
   * pass a workload of their own (an endless generator, non-decreasing `at`).
   */
  scenario?: (options: ScenarioOptions) => Generator<Emission, never>
}

export interface Simulator {
  baseUrl: string
  workspaceId: string
  apiKey: string
  /** Fault knobs; change them at any time. */
  faults: Faults
  log: FrameLog
  /** Simulated milliseconds since the start. */
  now(): number
  /** Moves a manual clock forward and plays everything due. Throws on a real clock. */
  advance(ms: number): void
  setKeyState(state: KeyState): void
  /**
   * An outage: cuts every open workspace stream, and for `forMs` of wall time answers new ones
   * with 503 (`unavailable`, the default) or drops them without an answer (`unreachable`, as when
   * the network is down). Events go on being published meanwhile, for clients to replay.
   */
  interruptStreams(forMs: number, how?: 'unavailable' | 'unreachable'): void
  /** Open workspace event streams. */
  streamCount(): number
  /** Workspace frames published so far (events and injected malformed frames). */
  publishedCount(): number
  close(): Promise<void>
}

const STREAM_PATH = /^\/v1\/([^/]+)\/events\/stream$/
const OBSERVER_PATH = /^\/v1\/([^/]+)\/observers\/([^/]+)\/ws$/

/**
 * The demo platform: a real HTTP and WebSocket server on loopback speaking the platform's
 * protocol (spec 2–4), playing a seeded scenario. The app's demo workspace and the fixture of every
 * integration and end-to-end test.
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const seed = options.seed ?? 1
  const manual = options.clock === 'manual' ? new ManualClock() : null
  const clock: SimClock = manual ?? new ScaledClock(options.speed ?? 1)
  const epochMs = options.epochMs ?? Date.now()
  const faults: Faults = { ...defaultFaults(), ...options.faults }
  const log = new FrameLog(options.log)
  const keys = new ApiKeyRegistry(DEMO_API_KEY, epochMs + 30 * 24 * 3600 * 1000)
  const state = new PlatformState(DEMO_WORKSPACE_ID, epochMs)
  const faultRandom = Random.derive(seed, 'faults')

  const stream = new WorkspaceStreamEndpoint({
    log,
    faults,
    clock,
    epochMs,
    replayWindowMs: options.replayWindowMs ?? 5 * 60_000,
    heartbeatMs: options.heartbeatMs ?? 15_000,
    maxStreams: options.maxStreams ?? 50,
    random: (n) => faultRandom.int(0, n - 1),
  })
  const observers = new ObserverEndpoint({
    log,
    faults,
    admit: (key, callSid) => {
      if (key === null) return ObserverClose.MissingAuth
      if (key !== keys.apiKey || keys.state === 'revoked') return ObserverClose.AuthRejected
      if (keys.state === 'expired') return ObserverClose.TokenExpired
      if (keys.state === 'no-observer-access') return ObserverClose.Forbidden
      return state.isLive(callSid) ? null : ObserverClose.UnknownCall
    },
    sessionInfo: (callSid) => state.sessionInfo(callSid, clock.now()),
    nestedEnvelope: () => options.nestedObserverEnvelope ?? false,
  })
  const player = new ScenarioPlayer(
    (options.scenario ?? generateScenario)({
      seed,
      callsPerMinute: options.callsPerMinute,
      concurrency: options.concurrency,
      workspaceId: DEMO_WORKSPACE_ID,
      epochMs,
    }),
    (emission) => {
      state.apply(emission)
      if (emission.stream === 'workspace') {
        stream.publish(emission.event, emission.at)
        if (emission.event.event_type === 'call.ended') observers.endCall(emission.event.call_sid)
      } else {
        observers.send(emission.callSid, emission.event)
        if (emission.event.type === 'session_end') observers.endCall(emission.callSid)
      }
    },
  )
  const ticker = manual
    ? null
    : setInterval(() => {
        player.playUntil(clock.now())
      }, 10)

  let outage: { until: number; how: 'unavailable' | 'unreachable' } = {
    until: 0,
    how: 'unavailable',
  }

  function handleStream(
    request: IncomingMessage,
    response: ServerResponse,
    workspaceId: string,
  ): void {
    if (!keys.acceptsBearer(request.headers.authorization)) {
      sendError(response, 401, 'Missing or invalid API key.')
    } else if (workspaceId !== DEMO_WORKSPACE_ID) {
      sendError(response, 404, 'Workspace not found')
    } else if (Date.now() < outage.until) {
      if (outage.how === 'unreachable') request.socket.destroy()
      else sendError(response, 503, 'The event stream is temporarily unavailable.')
    } else if (faults.rateLimit && faults.rateLimit.remaining > 0) {
      faults.rateLimit.remaining--
      sendError(response, 429, 'Rate limit exceeded', {
        'Retry-After': String(faults.rateLimit.retryAfterSeconds),
      })
    } else {
      stream.connect(request, response)
    }
  }

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1')
    if (request.method !== 'GET') {
      sendError(response, 405, 'Method not allowed')
      return
    }
    const streamMatch = STREAM_PATH.exec(url.pathname)
    if (streamMatch) {
      handleStream(request, response, streamMatch[1] ?? '')
      return
    }
    const rest = { keys, state, workspaceId: DEMO_WORKSPACE_ID, now: () => clock.now() }
    if (!handleRest(rest, request, response, url)) sendError(response, 404, 'Not Found')
  })
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const match = OBSERVER_PATH.exec(new URL(request.url ?? '/', 'http://127.0.0.1').pathname)
    if (!match || match[1] !== DEMO_WORKSPACE_ID) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n')
      return
    }
    observers.upgrade(request, socket, head, decodeURIComponent(match[2] ?? ''))
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    workspaceId: DEMO_WORKSPACE_ID,
    apiKey: DEMO_API_KEY,
    faults,
    log,
    now: () => clock.now(),
    advance(ms) {
      if (!manual) throw new Error('advance() needs a simulator started with clock: "manual"')
      manual.advance(ms)
      player.playUntil(manual.now())
    },
    interruptStreams(forMs, how = 'unavailable') {
      outage = { until: Date.now() + forMs, how }
      stream.cutAll()
    },
    setKeyState(next) {
      keys.state = next
    },
    streamCount: () => stream.connectionCount,
    publishedCount: () => stream.publishedCount,
    async close() {
      if (ticker) clearInterval(ticker)
      stream.close()
      await observers.close()
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve()
        })
        server.closeAllConnections()
      })
      await log.close()
    },
  }
}
