/**
 * Migration 30: the real length and hash of a frame too large to keep. FROZEN once released:
 * never edit this text.
 *
 * A frame past the size limit is discarded while it is read; quarantine keeps its first KiB as
 * `raw`, and now its length in bytes and its SHA-256 (hex), so that it can be recognised and its
 * size known without it. Both are NULL for every other quarantined frame.
 */
export const sql = /* sql */ `
ALTER TABLE quarantine ADD COLUMN byte_length INTEGER;
ALTER TABLE quarantine ADD COLUMN sha256 TEXT;
`
