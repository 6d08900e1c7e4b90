import {
  healthyRecording,
  type ConnectionStatus,
  type EscalationItem,
  type EventCategory,
  type FeedItem,
  type LiveCall,
  type LiveSnapshot,
  type OperatorState,
  type RecordingHealth,
} from '../../../../src-main/api'
import { SvelteMap } from 'svelte/reactivity'
import { api } from '../api/client'
import { seenTypes } from '../live/feed-filter'

/** The renderer keeps this many feed items; older ones are in the Library. */
export const FEED_LIMIT = 10_000

function byPriority(a: LiveCall, b: LiveCall): number {
  return a.priority - b.priority || a.startedAt - b.startedAt
}

/**
 * The live workspace on screen: a mirror of the core's live model, loaded from a snapshot and
 * kept current by pushes. Reading only: the core does the recording.
 */
class LiveStore {
  #connection = $state.raw<ConnectionStatus>({ state: 'idle' })
  #health = $state.raw<RecordingHealth>(healthyRecording)
  readonly #calls = new SvelteMap<string, LiveCall>()
  readonly #escalations = new SvelteMap<string, EscalationItem>()
  readonly #operators = new SvelteMap<string, OperatorState>()
  #feed = $state.raw<FeedItem[]>([])
  /** Items that arrived while the feed was paused, shown on resume. */
  #held = $state.raw<FeedItem[]>([])
  #paused = $state(false)
  #lastFeedId = -1
  /** The escalation just raised, for the in-app notification. */
  #raised = $state.raw<EscalationItem | null>(null)
  #unseenEscalations = $state(0)
  /** When the newest workspace event was received (epoch ms), paused or not. */
  #lastEventAt = $state<number | null>(null)

  readonly calls = $derived([...this.#calls.values()].sort(byPriority))
  readonly escalations = $derived(
    [...this.#escalations.values()].sort((a, b) => b.raisedAt - a.raisedAt),
  )
  readonly operators = $derived(
    [...this.#operators.values()].sort((a, b) => a.operatorId.localeCompare(b.operatorId)),
  )

  get connection(): ConnectionStatus {
    return this.#connection
  }

  get health(): RecordingHealth {
    return this.#health
  }

  get feed(): readonly FeedItem[] {
    return this.#feed
  }

  get paused(): boolean {
    return this.#paused
  }

  get heldCount(): number {
    return this.#held.length
  }

  get raised(): EscalationItem | null {
    return this.#raised
  }

  get unseenEscalations(): number {
    return this.#unseenEscalations
  }

  get lastEventAt(): number | null {
    return this.#lastEventAt
  }

  /** The feed's categories and types seen so far, for the filters. */
  readonly feedTypes: ReadonlyMap<EventCategory, ReadonlySet<string>> = $derived(
    seenTypes(this.#feed),
  )

  start(): void {
    api.on('connection.status', (status) => {
      this.#connection = status
    })
    api.on('recording.health', (health) => {
      this.#health = health
    })
    api.on('feed.appended', (items) => {
      this.#appendFeed(items)
    })
    api.on('calls.changed', ({ upserted, removed }) => {
      for (const call of upserted) this.#calls.set(call.callSid, call)
      for (const callSid of removed) this.#calls.delete(callSid)
    })
    api.on('escalations.changed', (items) => {
      for (const item of items) this.#escalations.set(item.escalationId, item)
    })
    api.on('escalation.raised', (item) => {
      this.#raised = item
      this.#unseenEscalations += 1
    })
    api.on('operators.changed', (items) => {
      for (const item of items) this.#operators.set(item.operatorId, item)
    })
    api.onResync(() => {
      void this.load()
    })
    void this.load()
  }

  /** Loads the whole live state; on failure the next resync (or the pushes) bring it. */
  async load(): Promise<void> {
    try {
      this.#apply(await api.call('live.getSnapshot', undefined))
    } catch {
      // The transport reports lost connections itself and resyncs when it is back.
    }
  }

  /** Asks the core to connect now rather than at the end of the countdown. */
  async retryNow(): Promise<void> {
    this.#connection = await api.call('connection.retryNow', undefined)
  }

  /** The user read the backfill alert: the core forgets it until the next problem. */
  async dismissBackfillProblems(): Promise<void> {
    this.#health = await api.call('recording.dismissBackfillProblems', undefined)
  }

  pause(): void {
    this.#paused = true
  }

  resume(): void {
    this.#paused = false
    const held = this.#held
    this.#held = []
    this.#show(held)
  }

  dismissRaised(): void {
    this.#raised = null
  }

  markEscalationsSeen(): void {
    this.#unseenEscalations = 0
  }

  #apply(snapshot: LiveSnapshot): void {
    this.#connection = snapshot.connection
    this.#health = snapshot.health
    replaceAll(this.#calls, snapshot.calls, (call) => call.callSid)
    replaceAll(this.#escalations, snapshot.escalations, (item) => item.escalationId)
    replaceAll(this.#operators, snapshot.operators, (item) => item.operatorId)
    this.#feed = snapshot.feed.slice(-FEED_LIMIT)
    this.#held = []
    this.#lastFeedId = snapshot.feed.at(-1)?.id ?? -1
    this.#lastEventAt = snapshot.feed.at(-1)?.receivedAt ?? null
  }

  #appendFeed(items: readonly FeedItem[]): void {
    // A push racing the snapshot may repeat items the snapshot already holds.
    const fresh = items.filter((item) => item.id > this.#lastFeedId)
    const last = fresh.at(-1)
    if (last === undefined) return
    this.#lastFeedId = last.id
    this.#lastEventAt = last.receivedAt
    if (this.#paused) this.#held = [...this.#held, ...fresh].slice(-FEED_LIMIT)
    else this.#show(fresh)
  }

  #show(items: readonly FeedItem[]): void {
    if (items.length === 0) return
    const feed = this.#feed.concat(items)
    this.#feed = feed.length > FEED_LIMIT ? feed.slice(feed.length - FEED_LIMIT) : feed
  }
}

function replaceAll<T>(map: SvelteMap<string, T>, items: readonly T[], keyOf: (item: T) => string) {
  map.clear()
  for (const item of items) map.set(keyOf(item), item)
}

export const live = new LiveStore()
