/**
 * Migration 10: the initial schema. FROZEN once released: never edit this text (the runner
 * records its sha256 and refuses a database whose recorded hash differs); change the schema with
 * a new, higher-numbered migration instead.
 *
 * Times are epoch milliseconds (INTEGER); booleans are 0/1. SSE ids stay TEXT exactly as received.
 */
export const sql = /* sql */ `
-- One row per voice call (keyed by call_sid) or text session (keyed by session_id). The summary
-- columns are kept current by the writer, in the same transaction as the events they summarize.
CREATE TABLE sessions (
  session_key TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('voice', 'text')),
  started_at INTEGER NOT NULL,
  ended_at INTEGER,
  duration_s REAL,
  direction TEXT,
  service_id TEXT,
  channel TEXT,
  turns_observed INTEGER NOT NULL DEFAULT 0,
  turns_reported INTEGER,
  completion_reason TEXT,
  final_state TEXT,
  last_state TEXT,
  escalated INTEGER NOT NULL DEFAULT 0,
  tool_errors INTEGER NOT NULL DEFAULT 0,
  latency_count INTEGER NOT NULL DEFAULT 0,
  latency_p50_ms REAL,
  latency_p95_ms REAL,
  emotion_trend TEXT,
  event_count INTEGER NOT NULL DEFAULT 0,
  last_event_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_by_start ON sessions (started_at);

-- Every received event, known or not, in recorded order. AUTOINCREMENT: a seq is never reused,
-- even after retention deletes the newest rows, so annotations and exports can cite it.
CREATE TABLE events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  source TEXT NOT NULL CHECK (source IN ('workspace', 'observer')),
  type TEXT NOT NULL,
  known INTEGER NOT NULL,
  call_sid TEXT,
  session_id TEXT,
  sse_id TEXT,
  received_at INTEGER NOT NULL,
  payload TEXT NOT NULL,
  raw TEXT NOT NULL,
  raw_sha1 BLOB,
  backfilled INTEGER NOT NULL DEFAULT 0
);
-- Replay de-duplication: a workspace frame identical to a stored one (same id, type and text) is
-- ignored. Two different events sharing one millisecond id differ in type or text: both kept.
-- Observer frames have no id and are never de-duplicated (NULLs never conflict).
CREATE UNIQUE INDEX events_replay ON events (sse_id, type, raw_sha1) WHERE sse_id IS NOT NULL;
CREATE INDEX events_by_call ON events (call_sid, seq) WHERE call_sid IS NOT NULL;
CREATE INDEX events_by_text_session ON events (session_id, seq) WHERE session_id IS NOT NULL;

-- Malformed frames, kept verbatim with the reason so that a parser fix can recover them.
CREATE TABLE quarantine (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  source TEXT NOT NULL CHECK (source IN ('workspace', 'observer')),
  type TEXT,
  reason TEXT NOT NULL,
  detail TEXT NOT NULL,
  call_sid TEXT,
  session_id TEXT,
  sse_id TEXT,
  received_at INTEGER NOT NULL,
  raw TEXT NOT NULL,
  raw_sha1 BLOB
);
CREATE UNIQUE INDEX quarantine_replay ON quarantine (sse_id, ifnull(type, ''), raw_sha1)
  WHERE sse_id IS NOT NULL;
CREATE INDEX quarantine_by_call ON quarantine (call_sid) WHERE call_sid IS NOT NULL;
CREATE INDEX quarantine_by_text_session ON quarantine (session_id) WHERE session_id IS NOT NULL;

-- The highest SSE id stored, per stream: the Last-Event-ID of the next connect. Written in the
-- same transaction as the events it covers.
CREATE TABLE stream_cursor (
  stream TEXT PRIMARY KEY,
  last_event_id TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;

-- Reviewers' notes on a session, optionally on one event of it.
CREATE TABLE annotations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  session_key TEXT NOT NULL,
  event_seq INTEGER,
  author TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX annotations_by_session ON annotations (session_key, created_at);

-- End-to-end latencies per session, ordered, so the median and p95 are two index lookups and are
-- right after a restart (an in-memory list would be lost with the process).
CREATE TABLE session_latencies (
  session_key TEXT NOT NULL,
  e2e_ms REAL NOT NULL,
  event_seq INTEGER NOT NULL,
  PRIMARY KEY (session_key, e2e_ms, event_seq)
) WITHOUT ROWID;

-- Full-text index over final transcript text; rowid = events.seq.
CREATE VIRTUAL TABLE transcript_fts USING fts5 (
  transcript,
  session_key UNINDEXED,
  tokenize = 'unicode61 remove_diacritics 2'
);
`
