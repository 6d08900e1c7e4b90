import type Database from 'better-sqlite3-multiple-ciphers'
import type { SessionDelta } from './summaries'
import type { SessionKind, SessionSummary } from './types'

interface SessionRow {
  session_key: string
  kind: SessionKind
  started_at: number
  ended_at: number | null
  duration_s: number | null
  direction: string | null
  service_id: string | null
  channel: string | null
  turns_observed: number
  turns_reported: number | null
  completion_reason: string | null
  final_state: string | null
  last_state: string | null
  escalated: 0 | 1
  tool_errors: number
  latency_count: number
  latency_p50_ms: number | null
  latency_p95_ms: number | null
  emotion_trend: string | null
  event_count: number
  last_event_at: number
}

type DeltaParams = Omit<SessionDelta, 'escalated' | 'latencies'> & {
  escalated: 0 | 1
  latencyCount: number
}

function toSummary(row: SessionRow): SessionSummary {
  const measured = row.ended_at === null ? null : (row.ended_at - row.started_at) / 1000
  return {
    key: row.session_key,
    kind: row.kind,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    durationS: row.duration_s ?? measured,
    direction: row.direction,
    serviceId: row.service_id,
    channel: row.channel,
    turns: row.turns_reported ?? row.turns_observed,
    completionReason: row.completion_reason,
    finalState: row.final_state,
    lastState: row.last_state,
    escalated: row.escalated === 1,
    toolErrors: row.tool_errors,
    latencyCount: row.latency_count,
    latencyP50Ms: row.latency_p50_ms,
    latencyP95Ms: row.latency_p95_ms,
    emotionTrend: row.emotion_trend,
    eventCount: row.event_count,
    lastEventAt: row.last_event_at,
  }
}

/** Index (0-based) of the nearest-rank 95th percentile among `n` sorted values. */
export function p95Index(n: number): number {
  return Math.max(0, Math.ceil(0.95 * n) - 1)
}

/** The sessions table: one upsert per session per batch, percentiles from the latency index. */
export class SummaryRepo {
  readonly #upsert
  readonly #upsertCountingLatencies
  readonly #insertLatency
  readonly #latencyAt
  readonly #setLatency
  readonly #list
  readonly #get

  constructor(db: Database.Database) {
    const upsert = `
      INSERT INTO sessions (session_key, kind, started_at, ended_at, duration_s, direction,
         service_id, channel, turns_observed, turns_reported, completion_reason, final_state,
         last_state, escalated, tool_errors, latency_count, emotion_trend, event_count,
         last_event_at)
       VALUES (@key, @kind, @startedAt, @endedAt, @durationS, @direction, @serviceId, @channel,
         @turnsObserved, @turnsReported, @completionReason, @finalState, @lastState, @escalated,
         @toolErrors, @latencyCount, @emotionTrend, @eventCount, @lastEventAt)
       ON CONFLICT (session_key) DO UPDATE SET
         started_at = min(started_at, excluded.started_at),
         ended_at = coalesce(ended_at, excluded.ended_at),
         duration_s = coalesce(excluded.duration_s, duration_s),
         direction = coalesce(excluded.direction, direction),
         service_id = coalesce(excluded.service_id, service_id),
         channel = coalesce(excluded.channel, channel),
         turns_observed = turns_observed + excluded.turns_observed,
         turns_reported = coalesce(excluded.turns_reported, turns_reported),
         completion_reason = coalesce(excluded.completion_reason, completion_reason),
         final_state = coalesce(excluded.final_state, final_state),
         last_state = coalesce(excluded.last_state, last_state),
         escalated = max(escalated, excluded.escalated),
         tool_errors = tool_errors + excluded.tool_errors,
         latency_count = latency_count + excluded.latency_count,
         emotion_trend = coalesce(excluded.emotion_trend, emotion_trend),
         event_count = event_count + excluded.event_count,
         last_event_at = max(last_event_at, excluded.last_event_at)`
    this.#upsert = db.prepare<DeltaParams>(upsert)
    // RETURNING costs a result row per session; only a batch with latencies needs the count.
    this.#upsertCountingLatencies = db.prepare<DeltaParams, { latency_count: number }>(
      `${upsert} RETURNING latency_count`,
    )
    this.#insertLatency = db.prepare<{ key: string; ms: number; seq: number }>(
      `INSERT INTO session_latencies (session_key, e2e_ms, event_seq) VALUES (@key, @ms, @seq)`,
    )
    this.#latencyAt = db
      .prepare<{ key: string; offset: number; limit: number }, number>(
        `SELECT e2e_ms FROM session_latencies WHERE session_key = @key
         ORDER BY e2e_ms LIMIT @limit OFFSET @offset`,
      )
      .pluck()
    this.#setLatency = db.prepare<{ key: string; p50: number | null; p95: number | null }>(
      `UPDATE sessions SET latency_p50_ms = @p50, latency_p95_ms = @p95 WHERE session_key = @key`,
    )
    this.#list = db.prepare<{ limit: number; offset: number }, SessionRow>(
      `SELECT * FROM sessions ORDER BY started_at DESC, session_key LIMIT @limit OFFSET @offset`,
    )
    this.#get = db.prepare<{ key: string }, SessionRow>(
      'SELECT * FROM sessions WHERE session_key = @key',
    )
  }

  /** Folds one batch's delta into its session row (inside the caller's transaction). */
  apply(delta: SessionDelta): void {
    const { latencies, escalated, ...rest } = delta
    const params = {
      ...rest,
      escalated: escalated ? 1 : 0,
      latencyCount: latencies.length,
    } as const
    if (latencies.length === 0) {
      this.#upsert.run(params)
      return
    }
    const row = this.#upsertCountingLatencies.get(params)
    if (row === undefined) return
    for (const { ms, seq } of latencies) this.#insertLatency.run({ key: delta.key, ms, seq })
    this.#refreshLatency(delta.key, row.latency_count)
  }

  /**
   * Median and p95 from the ordered latency index: at most three rows read per session per
   * batch, and always right after a restart (nothing is kept in memory).
   */
  #refreshLatency(key: string, count: number): void {
    const [low, high] = this.#latencyAt.all({ key, offset: Math.floor((count - 1) / 2), limit: 2 })
    if (low === undefined) return
    const p50 = count % 2 === 1 || high === undefined ? low : (low + high) / 2
    const p95 = this.#latencyAt.get({ key, offset: p95Index(count), limit: 1 }) ?? null
    this.#setLatency.run({ key, p50, p95 })
  }

  list(limit: number, offset: number): SessionSummary[] {
    return this.#list.all({ limit, offset }).map(toSummary)
  }

  get(key: string): SessionSummary | undefined {
    const row = this.#get.get({ key })
    return row === undefined ? undefined : toSummary(row)
  }
}
