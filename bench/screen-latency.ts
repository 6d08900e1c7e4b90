import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium } from '@playwright/test'
import { AppService, RunOnlyVault } from '../src-main/core/service'
import { startBrowserModeServer } from '../src-main/server/browser-mode-server'
import { startSimulator, type Simulator } from '../src-main/simulator/simulator'

// Event-to-screen latency: from the platform sending a workspace event (its SSE id is the send
// time in ms, at speed 1) to the feed row that shows it entering the DOM, with the app streaming
// 50 concurrent calls. The baseline in the same run is the core's own share: send → the core
// pushing it to the renderer. Long main-thread tasks are watched while the feed streams.

const CONCURRENT_CALLS = 50
const MEASURE_MS = Number(process.env.BENCH_SCREEN_MS ?? 45_000)
const systemChromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

interface PageFigures {
  latencies: number[]
  longTasks: number[]
  /** The longest gap between two turns of a 0 ms message loop: the longest task, any length. */
  longestBlockMs: number
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN
}

/** The few DOM types the page-side watcher uses (this project is typed for Node, not the DOM). */
interface PageGlobals {
  window: object
  document: {
    querySelectorAll(selector: string): Iterable<{ getAttribute(name: string): string | null }>
  }
  MutationObserver: new (callback: () => void) => {
    observe(target: unknown, options: { childList: boolean; subtree: boolean }): void
  }
  PerformanceObserver: new (callback: (list: { getEntries(): { duration: number }[] }) => void) => {
    observe(options: { type: 'longtask' }): void
  }
  MessageChannel: new () => {
    port1: { onmessage: (() => void) | null }
    port2: { postMessage(message: null): void }
  }
}

/** Runs in the page once the measurement starts: watches feed rows arrive, and long tasks. */
function watchPage(): void {
  const { window, document, MutationObserver, PerformanceObserver, MessageChannel } =
    globalThis as unknown as PageGlobals
  const figures = { latencies: [] as number[], longTasks: [] as number[], longestBlockMs: 0 }
  const seen = new Set<string>()
  const startedAt = Date.now()
  Object.assign(window, { __benchFigures: figures })
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) figures.longTasks.push(entry.duration)
  }).observe({ type: 'longtask' })
  // Every row carries its send time; the first time a row for an event sent since the start
  // appears, measure it (older rows re-entering the virtual list's window do not count).
  new MutationObserver(() => {
    const now = Date.now()
    for (const row of document.querySelectorAll('[data-testid="feed-row"]')) {
      const sentAt = row.getAttribute('data-sent-at')
      const key = `${sentAt ?? ''} ${row.getAttribute('data-type') ?? ''}`
      if (sentAt === null || Number(sentAt) < startedAt || seen.has(key)) continue
      seen.add(key)
      figures.latencies.push(now - Number(sentAt))
    }
  }).observe(document, { childList: true, subtree: true })
  const channel = new MessageChannel()
  let last = performance.now()
  channel.port1.onmessage = () => {
    const now = performance.now()
    figures.longestBlockMs = Math.max(figures.longestBlockMs, now - last)
    last = now
    setTimeout(() => {
      channel.port2.postMessage(null)
    }, 0)
  }
  channel.port2.postMessage(null)
}

export async function benchScreenLatency(): Promise<boolean> {
  const rendererDir = resolve(import.meta.dirname, '..', 'out', 'renderer')
  if (!existsSync(join(rendererDir, 'index.html'))) throw new Error('build the renderer first')
  const dataDir = mkdtempSync(join(tmpdir(), 'co-bench-screen-'))
  let simulator: Simulator | null = null
  const service = await AppService.create({
    dataDir,
    vault: new RunOnlyVault({}),
    transport: 'browser',
    demoPlatform: async () => {
      const started = await startSimulator({
        speed: 1,
        concurrency: CONCURRENT_CALLS,
        callsPerMinute: 120,
      })
      simulator = started
      return { ...started, close: () => started.close() }
    },
  })
  const corePush: number[] = []
  let measuring = false
  let measuringSince = Infinity
  service.subscribe((message) => {
    if (!measuring || message.event !== 'feed.appended') return
    const now = Date.now()
    for (const item of message.payload) {
      if (item.sentAt !== null && item.sentAt >= measuringSince) corePush.push(now - item.sentAt)
    }
  })
  const server = await startBrowserModeServer({
    rendererDir,
    api: { handlers: service.handlers, subscribe: (listener) => service.subscribe(listener) },
  })
  const browser = await chromium.launch({
    executablePath: existsSync(systemChromium) ? systemChromium : undefined,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  })
  try {
    await service.handlers['demo.start'](undefined)
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    await page.goto(server.launchUrl)
    await page.locator('[data-testid="call-card"]').first().waitFor()
    // Warm-up: let the board fill towards 50 calls before measuring.
    await page.waitForTimeout(10_000)
    await page.evaluate(watchPage)
    measuring = true
    measuringSince = Date.now()
    await page.waitForTimeout(MEASURE_MS)
    measuring = false
    const figures = await page.evaluate(
      () => (globalThis as unknown as { __benchFigures: PageFigures }).__benchFigures,
    )
    const activeCalls = await page.locator('[data-testid="call-card"]').count()
    const published = (simulator as Simulator | null)?.publishedCount() ?? 0
    return printFigures(figures, corePush, activeCalls, published)
  } finally {
    await browser.close()
    await server.close()
    await service.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

function printFigures(
  figures: PageFigures,
  corePush: number[],
  activeCalls: number,
  published: number,
): boolean {
  const p50 = percentile(figures.latencies, 0.5)
  const p99 = percentile(figures.latencies, 0.99)
  const longest = Math.max(0, ...figures.longTasks)
  const latencyOk = figures.latencies.length > 0 && p99 < 100
  const tasksOk = figures.longTasks.length === 0
  console.log(
    `event-to-screen latency (${activeCalls} calls on the board, ${figures.latencies.length} ` +
      `events shown, ${published.toLocaleString('en-US')} workspace frames sent): ` +
      `p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms | baseline (send → core push): ` +
      `p50 ${percentile(corePush, 0.5).toFixed(0)} ms, p99 ${percentile(corePush, 0.99).toFixed(0)} ms` +
      ` | goal p99 < 100 ms: ${latencyOk ? 'met' : 'MISSED'}`,
  )
  console.log(
    `main thread while the feed streams: ${figures.longTasks.length} long tasks (> 50 ms` +
      `${figures.longTasks.length > 0 ? `, longest ${longest.toFixed(0)} ms` : ''}); longest gap ` +
      `between two turns of its event loop ${figures.longestBlockMs.toFixed(0)} ms (rendering and ` +
      `waiting for a core included)` +
      ` | goal no task over 50 ms: ${tasksOk ? 'met' : 'MISSED'}`,
  )
  return latencyOk && tasksOk
}
