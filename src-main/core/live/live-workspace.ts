import type {
  EscalationItem,
  FeedItem,
  LiveCall,
  LiveSnapshot,
  OperatorState,
} from '../../api/live'
import type { RecordedEvent } from '../records'
import { feedItemOf } from './feed-summary'
import { LiveState } from './live-state'
import { applyObserverEvent } from './observer-updates'
import { RingBuffer } from './ring-buffer'
import { applyWorkspaceEvent } from './workspace-updates'

export interface LiveWorkspaceOptions {
  /** How many feed items are kept (the most recent). Default 5000. */
  feedLimit?: number
  /** The clock stale calls are judged by. Default `Date.now`. */
  now?: () => number
  /** A call with no event for this long is dropped from the board. Default two hours. */
  staleCallMs?: number
  /** Default 2000: far more than a workspace has live at once. */
  maxCalls?: number
  /** How many escalations the inbox keeps, ended ones included. Default 500. */
  maxEscalations?: number
  /** Default 1000. */
  maxOperators?: number
}

/** What changed since the last `takeChanges`: each entity once, in its latest state. */
export interface LiveChanges {
  /** New feed items, oldest first (at most `feedLimit` of them). */
  feed: FeedItem[]
  calls: { upserted: LiveCall[]; removed: string[] }
  escalations: EscalationItem[]
  /** Escalations raised in this window (also in `escalations`): the app notifies on them. */
  raised: EscalationItem[]
  operators: OperatorState[]
}

const HOUR_MS = 3_600_000

/**
 * The live views' model of the workspace, kept from the recorded events in the order received:
 * the feed, the calls board, the escalation inbox and the operator board. Pure and synchronous;
 * O(1) per event (sorting is left to `snapshot`), since it runs on the ingest path.
 */
export class LiveWorkspace {
  readonly #state: LiveState
  readonly #now: () => number
  readonly #feed: RingBuffer<FeedItem>
  readonly #newFeed: RingBuffer<FeedItem>
  /** Never reset, so feed ids increase for the whole run, across `clear`. */
  #nextFeedId = 1

  constructor(options: LiveWorkspaceOptions = {}) {
    const feedLimit = options.feedLimit ?? 5000
    this.#now = options.now ?? Date.now
    this.#feed = new RingBuffer(feedLimit)
    this.#newFeed = new RingBuffer(feedLimit)
    this.#state = new LiveState({
      now: this.#now,
      staleCallMs: options.staleCallMs ?? 2 * HOUR_MS,
      maxCalls: options.maxCalls ?? 2000,
      maxEscalations: options.maxEscalations ?? 500,
      maxOperators: options.maxOperators ?? 1000,
    })
  }

  /** Takes one recorded event into account. Unknown types only reach the feed. */
  apply(record: RecordedEvent): void {
    const item = feedItemOf(record, this.#nextFeedId)
    if (item !== null) {
      this.#nextFeedId += 1
      this.#feed.push(item)
      this.#newFeed.push(item)
    }
    const state = this.#state
    state.sweep(false)
    // Any event of a call, known or not, shows it is still alive.
    if (record.callSid !== null) state.calls.seen(record.callSid)
    if (!record.known) return
    if (record.source === 'workspace') {
      applyWorkspaceEvent(state, record.payload, { receivedAt: record.receivedAt })
    } else if (record.callSid !== null && !record.backfilled) {
      // Backfilled turns are history filled in after a gap, not the call's current state.
      applyObserverEvent(state, record.callSid, record.payload, record.receivedAt)
    }
  }

  /**
   * The platform's list of the calls live now, asked at `listedAt` (this model's clock) after the
   * stream (re)connected: calls on the board it does not list are over. See `LiveState.reconcile`.
   */
  reconcile(liveCallSids: Iterable<string>, listedAt: number): void {
    this.#state.reconcile(new Set(liveCallSids), listedAt, this.#now())
  }

  /** The changes since the previous call, or null when nothing changed. */
  takeChanges(): LiveChanges | null {
    const state = this.#state
    state.sweep(true)
    const calls = state.calls.takeChanges()
    const inbox = state.inbox.takeChanges()
    const operators = state.operators.takeChanges()
    if (this.#newFeed.size === 0 && calls === null && inbox === null && operators === null) {
      return null
    }
    const feed = this.#newFeed.toArray()
    this.#newFeed.clear()
    return {
      feed,
      calls: calls ?? { upserted: [], removed: [] },
      escalations: inbox?.escalations ?? [],
      raised: inbox?.raised ?? [],
      operators: operators ?? [],
    }
  }

  /** Everything the live views show, now (without the connection, which the service knows). */
  snapshot(): Omit<LiveSnapshot, 'connection' | 'health'> {
    const state = this.#state
    state.sweep(true)
    return {
      calls: state.calls.list(),
      escalations: state.inbox.list(),
      operators: state.operators.list(),
      feed: this.#feed.toArray(),
    }
  }

  /** Forgets everything (the user disconnected), pending changes included. */
  clear(): void {
    this.#state.clear()
    this.#feed.clear()
    this.#newFeed.clear()
  }
}
