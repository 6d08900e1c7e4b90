/**
 * Migration 40: calls whose missed stretches still have to be filled in from REST. FROZEN once
 * released: never edit this text.
 *
 * A call that was observed late, lost its socket or was never observable has a row here, written
 * in the same transaction as the frames around it, until a backfill of its whole record has been
 * committed. A recorder killed in between finds the row on its next start and finishes the job,
 * so no call stays incomplete because the process died at the wrong moment.
 */
export const sql = /* sql */ `
CREATE TABLE backfill_due (
  call_sid TEXT PRIMARY KEY,
  since INTEGER NOT NULL
) WITHOUT ROWID;
`
