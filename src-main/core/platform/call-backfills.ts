import type { ObserverEvent } from '../events'
import { backfillOf } from './backfill'
import { fetchCallDetailWithRetry } from './backfill-fetch'
import { CallLedger } from './call-ledger'
import type { Clock } from './clock'
import type { ObserverFrame } from './observer-socket'
import type { PlatformClient } from './platform-client'
import { PlatformError } from './platform-errors'
import { unreadableItems, type CallDetail, type CallTurn } from './rest'

/** What the call did not have, filled in from `GET /calls/{id}` after a gap. */
export interface ObserverBackfill {
  callSid: string
  /** The REST turns that had a part the call did not have. */
  turns: CallTurn[]
  /** Those parts as observer frames (see backfill.ts): store them marked as backfilled. */
  frames: ObserverFrame[]
  /**
   * Items of the platform's answer (turns, tool calls, transitions…) that did not have the
   * documented shape and were left out: what the backfill could not fill in.
   */
  unreadable: number
}

/** What a backfill works on: a call, what it already has, and its backfills so far. */
export interface BackfillTarget {
  callSid: string
  ledger: CallLedger
  /** Backfills of one call run one after another. */
  backfills: Promise<void>
}

export interface CallBackfillsOptions {
  client: PlatformClient
  clock: Clock
  /** Ends every backfill early (the pool closed). */
  signal: AbortSignal
  onBackfill: (backfill: ObserverBackfill) => void
  onBackfillFailed?: (callSid: string, error: Error) => void
  /** Clears a call's due mark once its whole record is in (see `ObserverPoolOptions`). */
  onBackfillDue?: (callSid: string, due: boolean) => void
  history?: (callSid: string) => Iterable<ObserverEvent>
}

/**
 * A turn that began less than this before the socket connected is left to the socket (and to the
 * final backfill): its frames may be on their way while the connect snapshot is read.
 */
const SPEECH_IN_FLIGHT_MS = 1000

/**
 * The backfills of the pool's calls: what each call already has (its ledger, from the database
 * and from its socket), and runs of `GET /calls/{id}` that fill in the rest, one after another
 * per call. A run returns once it is done; it never throws.
 */
export class CallBackfills {
  readonly #options: CallBackfillsOptions

  constructor(options: CallBackfillsOptions) {
    this.#options = options
  }

  /** What a call already has from earlier runs, as a ledger to add its live frames to. */
  ledgerOf(callSid: string): CallLedger {
    const ledger = new CallLedger()
    for (const event of this.#options.history?.(callSid) ?? []) ledger.add(event)
    return ledger
  }

  /**
   * Fills in what the call does not have. While the socket is connected (`connectedAgeS`: how
   * old the call was when it connected), only turns over by then are taken: later ones are the
   * socket's to deliver, and some may still be on their way. With null, the whole record, after
   * which the call is no longer due.
   */
  run(call: BackfillTarget, connectedAgeS: number | null): Promise<void> {
    call.backfills = call.backfills
      .then(() => this.#once(call, connectedAgeS))
      .catch((error: unknown) => {
        // Only the consumer's own callback can throw here; the next backfill still runs.
        const reported = error instanceof Error ? error : new Error('backfill failed')
        this.#options.onBackfillFailed?.(call.callSid, reported)
      })
    return call.backfills
  }

  async #once(call: BackfillTarget, connectedAgeS: number | null): Promise<void> {
    const { client, clock, signal } = this.#options
    const result = await fetchCallDetailWithRetry(client, call.callSid, { clock, signal })
    if (signal.aborted) return
    const whole = connectedAgeS === null
    if (!result.ok) {
      this.#options.onBackfillFailed?.(call.callSid, result.error)
      // A call the platform does not know (any more) cannot be completed: not due again.
      const gone = result.error instanceof PlatformError && result.error.status === 404
      if (gone && whole) this.#options.onBackfillDue?.(call.callSid, false)
      return
    }
    const { detail } = result
    const start = Date.parse(detail.call_start_time ?? '')
    // Without a start time to place the connect on, only the final backfill runs.
    if (!whole && !Number.isFinite(start)) return
    const before = whole ? null : start + connectedAgeS * 1000 - SPEECH_IN_FLIGHT_MS
    const { missing, frames } = backfillOf(call.callSid, call.ledger, detail, {
      receivedAt: clock.now(),
      before,
    })
    const unreadable = unreadableOf(detail)
    if (frames.length > 0 || unreadable > 0) {
      for (const frame of frames) call.ledger.addFrame(frame)
      this.#options.onBackfill({
        callSid: call.callSid,
        turns: missing.map((part) => part.turn),
        frames,
        unreadable,
      })
    }
    if (whole) this.#options.onBackfillDue?.(call.callSid, false)
  }
}

/** The items of a call's record that were left out for not having the documented shape. */
function unreadableOf(detail: CallDetail): number {
  let count = unreadableItems(detail.turns)
  for (const turn of detail.turns) {
    count += unreadableItems(turn.tool_calls) + unreadableItems(turn.state_transitions)
  }
  return count
}

/** How old the call was (seconds) when a connection opened, from its `session_info`. */
export function callAgeOf(frame: ObserverFrame): number | null {
  const { result } = frame
  if (result.kind !== 'event' || result.event.type !== 'session_info') return null
  return result.event.duration_seconds > 0 ? result.event.duration_seconds : null
}
