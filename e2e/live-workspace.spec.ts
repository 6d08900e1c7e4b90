import { join } from 'node:path'
import type { Locator, Page } from '@playwright/test'
import { expect, screenshotDir, test, type Harness } from './fixtures'
import { AppFrame } from './pages/app-frame'

// The live workspace against the demo platform at 20× speed: calls come and go within seconds.

async function attributes(rows: Locator, name: string): Promise<(string | null)[]> {
  return Promise.all((await rows.all()).map((row) => row.getAttribute(name)))
}

async function shoot(app: Page, name: string): Promise<void> {
  // The theme follows the system's by default, so emulating it switches the app.
  for (const theme of ['light', 'dark'] as const) {
    await app.emulateMedia({ colorScheme: theme })
    await expect(app.locator('html')).toHaveAttribute('data-theme', theme)
    await app.screenshot({ path: join(screenshotDir, `${name}-${theme}.png`) })
  }
  await app.emulateMedia({ colorScheme: 'light' })
}

test('calls appear on the board, masked, and leave it when they end', async ({ app }) => {
  const card = app.getByTestId('call-card').first()
  await expect(card).toBeVisible()
  const callSid = await card.getAttribute('data-call-sid')
  expect(callSid).toBeTruthy()
  await expect(card.getByTestId('phi').first()).toHaveAttribute('data-revealed', 'false')
  await shoot(app, 'live')
  await expect(app.locator(`[data-testid="call-card"][data-call-sid="${callSid}"]`)).toHaveCount(
    0,
    { timeout: 60_000 },
  )
})

test.describe('at a calmer pace', () => {
  // Calls last about a minute here, so a card stays while it is inspected.
  test.use({ demoOptions: { speed: 2, callsPerMinute: 20 } })

  test('PHI is revealed one field at a time, on request', async ({ app }) => {
    // One card by its call, not the first: the board reorders as calls come and escalate.
    const callSid = await app.getByTestId('call-card').first().getAttribute('data-call-sid')
    const card = app.locator(`[data-testid="call-card"][data-call-sid="${callSid ?? ''}"]`)
    const caller = card.getByTestId('call-caller').getByTestId('phi')
    await expect(caller).toHaveAttribute('data-revealed', 'false')
    await expect(caller).not.toContainText(/\d/)
    await caller.click()
    await expect(caller).toHaveAttribute('data-revealed', 'true')
    await expect(caller).toContainText(/\d{4}/)
    // Every other PHI value on screen stays masked.
    await expect(app.locator('[data-testid="phi"][data-revealed="true"]')).toHaveCount(1)
    await caller.click()
    await expect(caller).toHaveAttribute('data-revealed', 'false')
  })
})

test('an escalation notifies and lands in the inbox', async ({ app }) => {
  const toast = app.getByTestId('escalation-toast')
  await expect(toast).toBeVisible({ timeout: 30_000 })
  await expect(toast).toContainText('A call needs a human')
  await expect(app.getByTestId('unseen-escalations')).toBeVisible()
  await toast.getByRole('button', { name: 'Open inbox' }).click()
  await expect(app.getByRole('heading', { level: 1 })).toHaveText('Escalations')
  await expect(app.getByTestId('escalation-item').first()).toBeVisible()
  await expect(app.getByTestId('unseen-escalations')).toHaveCount(0)
  await shoot(app, 'escalations')
})

test('the operator board shows who is on which call', async ({ app }) => {
  await app.getByRole('link', { name: 'Operators', exact: true }).click()
  await expect(app.getByTestId('operator-row').first()).toBeVisible({ timeout: 30_000 })
  await shoot(app, 'operators')
})

test('the feed filters by category and type, and pauses', async ({ app }) => {
  const feed = app.getByTestId('feed')
  await expect(feed.getByTestId('feed-row').first()).toBeVisible()
  await expect(
    feed.locator('[data-testid="feed-row"][data-category="operator"]').first(),
  ).toBeVisible({ timeout: 30_000 })
  await app.getByTestId('feed-filter-category').locator('[data-category="call"]').click()
  await expect(feed.getByTestId('feed-row').first()).toHaveAttribute('data-category', 'call')
  expect(new Set(await attributes(feed.getByTestId('feed-row'), 'data-category'))).toEqual(
    new Set(['call']),
  )

  await app.getByTestId('feed-filter-type').selectOption('call.started')
  await expect(feed.getByTestId('feed-row').first()).toHaveAttribute('data-type', 'call.started')
  expect(new Set(await attributes(feed.getByTestId('feed-row'), 'data-type'))).toEqual(
    new Set(['call.started']),
  )

  await app.getByTestId('feed-filter-category').locator('[data-category="all"]').click()
  await app.getByTestId('feed-filter-type').selectOption('')
  const pause = app.getByTestId('feed-pause')
  await pause.click()
  await expect(pause).toHaveAttribute('aria-pressed', 'true')
  const count = app.getByTestId('feed-count')
  const frozen = await count.textContent()
  await expect(app.getByTestId('feed')).toContainText(/\d+ held/, { timeout: 30_000 })
  expect(await count.textContent()).toBe(frozen)
  await pause.click()
  await expect(pause).toHaveAttribute('aria-pressed', 'false')
  await expect(count).not.toHaveText(frozen ?? '')
})

/** The DOM members the page-side functions below use (the e2e project is typed for Node). */
interface Box {
  getBoundingClientRect(): { top: number }
  getAttribute(name: string): string | null
}
interface ScrollBox extends Box {
  scrollTop: number
  scrollHeight: number
  clientHeight: number
  querySelectorAll(selector: string): Iterable<Box>
}

/** The feed row at the top of the scrolled view, and how far below the view's top it sits. */
function topRow(scroller: Locator) {
  return scroller.evaluate((element: ScrollBox) => {
    const top = element.getBoundingClientRect().top
    let best: { key: string; offset: number } | null = null
    for (const row of element.querySelectorAll('[data-testid="feed-row"]')) {
      const offset = row.getBoundingClientRect().top - top
      if (offset < 0 || (best !== null && offset >= best.offset)) continue
      best = { key: `${row.getAttribute('data-sent-at')} ${row.getAttribute('data-type')}`, offset }
    }
    return best
  })
}

test('scrolled up, the feed holds its place and counts what arrives; one click returns to the newest', async ({
  app,
}) => {
  const scroller = app.getByRole('region', { name: 'Workspace events' })
  await expect
    .poll(
      () =>
        scroller.evaluate((element: ScrollBox) => element.scrollHeight > 2 * element.clientHeight),
      { timeout: 30_000 },
    )
    .toBe(true)
  await scroller.hover()
  await app.mouse.wheel(0, -600)
  // Once the wheel's scrolling has come to rest, the row at the top is the one to hold.
  let held = await topRow(scroller)
  await expect
    .poll(async () => {
      const now = await topRow(scroller)
      const resting = now !== null && now.key === held?.key && now.offset === held.offset
      held = now
      return resting
    })
    .toBe(true)
  const jump = app.getByTestId('feed-jump')
  await expect(jump).toContainText(/\d+ new events?/, { timeout: 30_000 })
  expect(await topRow(scroller)).toEqual(held)

  // Leaving the view while it streams, and coming back, keeps it working (and raises no error).
  const frame = new AppFrame(app)
  await frame.open('Escalations')
  await expect(frame.heading).toHaveText('Escalations')
  await frame.open('Live')
  await expect(app.getByTestId('feed-row').first()).toBeVisible()

  await scroller.focus()
  await app.keyboard.press('Home')
  await expect(jump).toBeVisible({ timeout: 30_000 })
  await jump.click()
  await expect(jump).toHaveCount(0)
  await expect
    .poll(() =>
      scroller.evaluate(
        (element: ScrollBox) =>
          element.scrollTop + element.clientHeight >= element.scrollHeight - 30,
      ),
    )
    .toBe(true)
})

/** Every workspace event the demo sent up to `lastId`, as "sentAt type", with repeats. */
function sentEvents(harness: Harness, lastId: number): string[] {
  const seen = new Set<string>()
  const events: string[] = []
  for (const frame of harness.demo().log.frames) {
    if (frame.stream !== 'workspace' || frame.kind !== 'event') continue
    if (Number(frame.sseId) > lastId) continue
    // A replay to the reconnecting client repeats a frame already counted.
    const key = `${frame.sseId} ${frame.event} ${frame.data}`
    if (seen.has(key)) continue
    seen.add(key)
    events.push(`${frame.sseId} ${frame.event}`)
  }
  return events.sort()
}

test('a dropped stream shows reconnecting, then recovers without losing an event', async ({
  app,
  harness,
}) => {
  const badge = app.getByTestId('connection-badge')
  await expect(badge).toHaveAttribute('data-state', 'connected')
  await expect(app.getByTestId('feed-row').first()).toBeVisible()
  harness.demo().interruptStreams(3000)
  await expect(badge).toHaveAttribute('data-state', 'reconnecting')
  await expect(badge).toContainText(/Reconnecting/)
  await shoot(app, 'live-reconnecting')
  await expect(badge).toHaveAttribute('data-state', 'connected', { timeout: 30_000 })

  // Everything sent before, during and after the outage reaches the core's live feed.
  const frames = harness.demo().log.frames
  const last = frames.findLast((frame) => frame.stream === 'workspace' && frame.kind === 'event')
  const lastId = Number(last?.stream === 'workspace' ? last.sseId : 0)
  await expect
    .poll(async () => {
      const { feed } = await harness.service.handlers['live.getSnapshot'](undefined)
      return feed.some((item) => (item.sentAt ?? 0) >= lastId)
    })
    .toBe(true)
  const { feed } = await harness.service.handlers['live.getSnapshot'](undefined)
  const shown = feed
    .filter((item) => (item.sentAt ?? 0) <= lastId)
    .map((item) => `${item.sentAt ?? ''} ${item.type}`)
    .sort()
  const oldest = feed[0]?.sentAt ?? 0
  expect(shown).toEqual(
    sentEvents(harness, lastId).filter((key) => Number(key.split(' ')[0]) >= oldest),
  )
})

test('an unreachable platform shows offline, says to check the network, and recovers', async ({
  app,
  harness,
}) => {
  const badge = app.getByTestId('connection-badge')
  await expect(badge).toHaveAttribute('data-state', 'connected')
  harness.demo().interruptStreams(60_000, 'unreachable')
  // The first failed retry may be a blip; once a retry fails too, the badge says offline.
  await expect(badge).toHaveAttribute('data-state', 'offline', { timeout: 40_000 })
  await expect(badge).toContainText(/Offline · retrying (in \d+ s|now)/)
  await expect(badge).toContainText("Check this computer's network connection")
  await shoot(app, 'live-offline')
  // The network is back: "Retry now" connects without waiting out the countdown.
  harness.demo().interruptStreams(0)
  await badge.getByRole('button', { name: 'Retry now' }).click()
  await expect(badge).toHaveAttribute('data-state', 'connected')
})

test('an expired key for observers is said above every view, and recording goes on', async ({
  app,
  harness,
}) => {
  await expect(app.getByTestId('call-card').first()).toBeVisible()
  harness.demo().setKeyState('expired')
  const alert = app.getByTestId('observers-alert')
  await expect(alert).toBeVisible({ timeout: 30_000 })
  await expect(alert).toContainText('New calls are not being observed')
  await expect(alert).toContainText(/expired/i)
  await expect(app.getByTestId('connection-badge')).toHaveAttribute('data-state', 'connected')
  await shoot(app, 'live-observers-suspended')
  await new AppFrame(app).open('Operators')
  await expect(alert).toBeVisible()
})

test.describe('on a disk that fills up', () => {
  test.use({ smallDisk: true })

  test('a full disk is said above every view, and goes away once there is space', async ({
    app,
    harness,
  }) => {
    await expect(app.getByTestId('feed-row').first()).toBeVisible()
    harness.disk().fill()
    const alert = app.getByTestId('storage-alert')
    await expect(alert).toBeVisible({ timeout: 30_000 })
    await expect(alert).toContainText('Events are not being saved')
    await expect(alert).toContainText(/The disk that holds the database .+ is full/)
    await expect(alert).toContainText(/\d+ events? waits?\s+in memory/)
    // The live views go on: the recording keeps receiving while it cannot save.
    const count = await app.getByTestId('feed-count').textContent()
    await expect(app.getByTestId('feed-count')).not.toHaveText(count ?? '', { timeout: 30_000 })
    await shoot(app, 'live-disk-full')
    harness.disk().free()
    await expect(alert).toHaveCount(0, { timeout: 30_000 })
  })
})
