/**
 * Migration 20: replays are recognised by a lookup instead of a unique index. FROZEN once
 * released: never edit this text.
 *
 * A frame the platform sends again after a reconnect can only carry an id at or below the highest
 * id already stored (the resume overlap), so the store looks those few up by id and compares type
 * and text, and inserts every other frame without a lookup. The unique index it replaces
 * (sse_id, type, a SHA-1 of the frame) cost a hash and a wide index entry for every event.
 * `raw_sha1` stays, unused, on rows written before.
 */
export const sql = /* sql */ `
DROP INDEX events_replay;
CREATE INDEX events_by_sse_id ON events (sse_id) WHERE sse_id IS NOT NULL;
`
