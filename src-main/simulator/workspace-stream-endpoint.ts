import type { IncomingMessage, ServerResponse } from 'node:http'
import type { WorkspaceEvent } from '../core/events'
import type { SimClock } from './clock'
import { ConnectionWriter } from './connection-writer'
import { isEvery, type Faults } from './faults'
import type { FrameLog } from './frame-log'
import { formatComment, formatRetry, formatSseMessage } from './sse-format'

/** A published frame, kept for `Last-Event-ID` replay. */
interface BufferedFrame {
  id: number
  event: string
  data: string
  kind: 'event' | 'malformed'
  /** Simulated time of publication, for the replay window. */
  at: number
}

interface StreamConnection {
  id: number
  writer: ConnectionWriter
  eventsSent: number
}

export interface WorkspaceStreamOptions {
  log: FrameLog
  faults: Faults
  clock: SimClock
  /** Wall-clock time (epoch ms) of simulated time 0: ids are millisecond timestamps. */
  epochMs: number
  /** How much simulated time the replay buffer holds (the platform keeps 5 minutes). */
  replayWindowMs: number
  /** Real milliseconds between heartbeat comments (the platform's interval is unconfirmed; 15 s). */
  heartbeatMs: number
  /** Concurrent streams allowed; past it a client gets the `too_many_streams` error frame. */
  maxStreams: number
  /** Integer in [0, n): the fault knobs' randomness, seeded for repeatable runs. */
  random: (n: number) => number
}

const RETRY_MS = 3000

/**
 * `GET /v1/{workspace_id}/events/stream`, framed as spec 2.2–2.3 describe: `retry` first, the
 * `stream.opened` control frame (id 0), then events with millisecond ids that strictly increase,
 * `event:` carrying the type and JSON `data:` without `event_type`; heartbeat comments; replay of
 * buffered events newer than `Last-Event-ID`.
 */
export class WorkspaceStreamEndpoint {
  readonly #connections = new Set<StreamConnection>()
  readonly #buffer: BufferedFrame[] = []
  /** Frames before this index have left the replay window (dropped in bulk, not one by one). */
  #bufferStart = 0
  #lastId = 0
  #eventsPublished = 0
  #framesPublished = 0
  #nextConnectionId = 1
  readonly #heartbeat: NodeJS.Timeout

  constructor(readonly options: WorkspaceStreamOptions) {
    this.#heartbeat = setInterval(() => {
      this.#heartbeatAll()
    }, options.heartbeatMs)
    this.#heartbeat.unref()
  }

  get connectionCount(): number {
    return this.#connections.size
  }

  /** Cuts every open stream abruptly, as a network failure would. */
  cutAll(): void {
    for (const connection of this.#connections) connection.writer.cutAfterFlush()
    this.#connections.clear()
  }

  /** Frames published since the start (events and injected malformed frames). */
  get publishedCount(): number {
    return this.#framesPublished
  }

  /** Publishes an event to every open stream and to the replay buffer. */
  publish(event: WorkspaceEvent, at: number): void {
    const { event_type: type, ...payload } = event
    // The platform's ids are millisecond timestamps, so two events may share one (spec 2.3).
    const sharesId =
      this.#lastId > 0 && isEvery(this.#eventsPublished + 1, this.options.faults.shareIdEvery)
    this.#emit({
      id: sharesId ? this.#lastId : this.#nextId(at),
      event: type,
      data: JSON.stringify(payload),
      kind: 'event',
      at,
    })
    this.#eventsPublished++
    if (isEvery(this.#eventsPublished, this.options.faults.futureTypeEvery)) {
      this.#emit({
        id: this.#nextId(at),
        event: 'call.summary_ready',
        data: JSON.stringify({
          call_sid: 'call_sid' in payload ? payload.call_sid : null,
          summary_id: `sum_${this.#eventsPublished}`,
        }),
        kind: 'event',
        at,
      })
    }
    if (isEvery(this.#eventsPublished, this.options.faults.malformedEvery)) {
      this.#emit({
        id: this.#nextId(at),
        event: type,
        data: malformedData(payload, this.#eventsPublished),
        kind: 'malformed',
        at,
      })
    }
  }

  /** Ids are the publication time in epoch ms, bumped so that they strictly increase. */
  #nextId(at: number): number {
    this.#lastId = Math.max(this.options.epochMs + Math.floor(at), this.#lastId + 1)
    return this.#lastId
  }

  #emit(frame: BufferedFrame): void {
    this.#framesPublished++
    this.#buffer.push(frame)
    this.#trimBuffer(frame.at)
    for (const connection of this.#connections) this.#send(connection, frame, false)
  }

  #trimBuffer(now: number): void {
    const oldest = now - this.options.replayWindowMs
    while ((this.#buffer[this.#bufferStart]?.at ?? now) < oldest) this.#bufferStart++
    // Compacting only once half the array has expired keeps publishing O(1) amortized.
    if (this.#bufferStart > 1024 && this.#bufferStart * 2 > this.#buffer.length) {
      this.#buffer.splice(0, this.#bufferStart)
      this.#bufferStart = 0
    }
  }

  #send(connection: StreamConnection, frame: BufferedFrame, replayed: boolean): void {
    if (connection.writer.closed) return
    const sseId = String(frame.id)
    connection.writer.write(
      formatSseMessage(
        { id: sseId, event: frame.event, data: frame.data },
        this.options.faults.lineEnding,
      ),
    )
    this.options.log.record({
      stream: 'workspace',
      connection: connection.id,
      kind: frame.kind,
      sseId,
      event: frame.event,
      data: frame.data,
      replayed,
    })
    connection.eventsSent++
    if (isEvery(connection.eventsSent, this.options.faults.dropStreamEvery)) {
      this.#connections.delete(connection)
      connection.writer.cutAfterFlush()
    }
  }

  #controlFrame(connection: StreamConnection, event: string, payload: object): void {
    const data = JSON.stringify(payload)
    connection.writer.write(
      formatSseMessage({ id: '0', event, data }, this.options.faults.lineEnding),
    )
    this.options.log.record({
      stream: 'workspace',
      connection: connection.id,
      kind: 'control',
      sseId: '0',
      event,
      data,
      replayed: false,
    })
  }

  #heartbeatAll(): void {
    const text = formatComment(
      `heartbeat ${Math.floor((this.options.epochMs + this.options.clock.now()) / 1000)}`,
      this.options.faults.lineEnding,
    )
    for (const connection of this.#connections) connection.writer.write(text)
  }

  /** Serves one authenticated stream request until the client or a fault ends it. */
  connect(request: IncomingMessage, response: ServerResponse): void {
    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    })
    const faults = this.options.faults
    const connection: StreamConnection = {
      id: this.#nextConnectionId++,
      writer: new ConnectionWriter(response, {
        split: () => faults.splitFrames,
        delayMs: () => faults.slowFramesMs,
        random: this.options.random,
        cut: () => response.socket?.end(),
      }),
      eventsSent: 0,
    }
    connection.writer.write(formatRetry(RETRY_MS, faults.lineEnding))
    if (this.#connections.size >= this.options.maxStreams) {
      this.#controlFrame(connection, 'error', {
        code: 'too_many_streams',
        message: `This workspace already has ${this.options.maxStreams} open event streams.`,
        max_streams: this.options.maxStreams,
      })
      connection.writer.end()
      return
    }
    this.#controlFrame(connection, 'stream.opened', {
      code: 'ok',
      connection_id: `conn_${connection.id}`,
      max_streams_per_workspace: this.options.maxStreams,
    })
    this.#connections.add(connection)
    response.once('close', () => this.#connections.delete(connection))
    const lastEventId = Number(request.headers['last-event-id'])
    if (Number.isFinite(lastEventId) && lastEventId > 0) {
      const replay = this.#buffer.slice(this.#bufferStart).filter((frame) => frame.id > lastEventId)
      for (const frame of replay) {
        if (!this.#connections.has(connection)) break
        this.#send(connection, frame, true)
      }
    }
  }

  /** Ends every stream cleanly (server EOF, which clients treat as a reason to reconnect). */
  close(): void {
    clearInterval(this.#heartbeat)
    for (const connection of this.#connections) connection.writer.end()
    this.#connections.clear()
  }
}

/**
 * A frame no client can accept, alternating the two ways real frames break: JSON cut short, and
 * well-formed JSON that lacks every field its type requires.
 */
function malformedData(payload: object, count: number): string {
  const json = JSON.stringify(payload)
  return count % 2 === 0
    ? json.slice(0, Math.max(1, Math.floor(json.length / 2)))
    : '{"unexpected":true}'
}
