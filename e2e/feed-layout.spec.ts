import type { Locator, Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { overlaps, shoot } from './pages/screens'

// The feed's layout as the window changes: it keeps following the newest, every filter chip can
// be reached, and the escalation notice covers none of it.

/** The DOM members the page-side functions below use (the e2e project is typed for Node). */
interface ScrollBox {
  scrollTop: number
  scrollHeight: number
  clientHeight: number
  scrollWidth: number
  clientWidth: number
}

/** The feed's scroller as the page-side functions below use it. */
interface FeedScroller extends ScrollBox {
  ownerDocument: { querySelector(selector: string): { style: { paddingTop: string } } | null }
  dispatchEvent(event: unknown): boolean
}

interface FrameClock {
  requestAnimationFrame: (callback: () => void) => number
}

/** Sets the live view's top padding (through the CSSOM, as the CSP allows) and lets it settle. */
async function setLiveViewPadding(app: Page, px: number): Promise<void> {
  await scroller(app).evaluate(async (element: FeedScroller, padding: number) => {
    const view = element.ownerDocument.querySelector('[data-testid="live-view"]')
    if (view) view.style.paddingTop = `${String(padding)}px`
    // Two frames: laid out, and the resize observers told.
    const { requestAnimationFrame: nextFrame } = globalThis as unknown as FrameClock
    await new Promise<void>((resolve) =>
      nextFrame(() =>
        nextFrame(() => {
          resolve()
        }),
      ),
    )
  }, px)
}

function scroller(app: Page): Locator {
  return app.getByRole('region', { name: 'Workspace events' })
}

function atBottom(app: Page): Promise<boolean> {
  return scroller(app).evaluate(
    (element: ScrollBox) => element.scrollTop + element.clientHeight >= element.scrollHeight - 1,
  )
}

async function feedTotal(app: Page): Promise<number> {
  return Number(await app.getByTestId('feed-count').getAttribute('data-total'))
}

test.describe('while events stream fast', () => {
  // Many events a second: the feed scrolls itself between a resize and the next frame, as it
  // does for a busy workspace.
  test.use({ demoOptions: { speed: 60, callsPerMinute: 12 } })

  test('the feed goes on following the newest event while the window is resized', async ({
    app,
  }) => {
    test.setTimeout(150_000)
    await expect
      .poll(
        () =>
          scroller(app).evaluate(
            (element: ScrollBox) => element.scrollHeight > 2 * element.clientHeight,
          ),
        { timeout: 30_000 },
      )
      .toBe(true)
    await expect.poll(() => atBottom(app)).toBe(true)
    // As a window edge is dragged: many sizes in a row, frames apart, taller, shorter, wider
    // (across the width where the feed moves beside the board) and narrower.
    const steps = (
      from: { width: number; height: number },
      by: { width: number; height: number },
    ) =>
      Array.from({ length: 15 }, (_, i) => ({
        width: from.width + i * by.width,
        height: from.height + i * by.height,
      }))
    const taller = steps({ width: 1280, height: 800 }, { width: 0, height: 14 })
    const shorter = steps({ width: 1280, height: 1010 }, { width: 0, height: -14 })
    // Each drag more than once: whether the browser's scroll event comes before the feed hears
    // of its new height varies from frame to frame.
    const drags = [
      ['taller', taller],
      ['shorter', shorter],
      ['wider', steps({ width: 1100, height: 800 }, { width: 24, height: 0 })],
      ['narrower', steps({ width: 1460, height: 800 }, { width: -24, height: 0 })],
      ['taller again', taller],
      ['shorter again', shorter],
    ] as const
    for (const [drag, sizes] of drags) {
      for (const size of sizes) await app.setViewportSize(size)
      await expectFollowing(app, `after a ${drag} drag`)
    }

    // What breaks it, every time rather than in some frames: the feed grows (here the space
    // above it shrinks, as when an alert goes away), and the browser pulls scrollTop up to the
    // new end and reports that scroll before the resize observer reports the new height.
    await setLiveViewPadding(app, 80)
    await scroller(app).evaluate((element: FeedScroller) => {
      const view = element.ownerDocument.querySelector('[data-testid="live-view"]')
      if (view) view.style.paddingTop = '4px'
      element.scrollTop = element.scrollHeight
      element.dispatchEvent(new Event('scroll'))
    })
    await expectFollowing(app, 'after the feed grew')
  })
})

/** New events arrive and the feed shows them: at the bottom, the newest row in view, no pill. */
async function expectFollowing(app: Page, when: string): Promise<void> {
  // A feed that stopped following would count what arrives now.
  const total = await feedTotal(app)
  await expect.poll(() => feedTotal(app), { timeout: 30_000 }).toBeGreaterThan(total + 3)
  await expect(app.getByTestId('feed-jump'), when).toHaveCount(0)
  await expect.poll(() => atBottom(app), { message: when }).toBe(true)
  await expect(app.getByTestId('feed-row').last(), when).toBeInViewport({ ratio: 0.95 })
}

/** Waits until the feed has shown events of at least `count` categories; returns them. */
async function categoriesShown(app: Page, count: number): Promise<string[]> {
  const chips = app
    .getByTestId('feed-filter-category')
    .locator('button[data-category]:not([data-category="all"])')
  await expect.poll(() => chips.count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(count)
  const categories = await Promise.all(
    (await chips.all()).map((chip) => chip.getAttribute('data-category')),
  )
  return categories.filter((category): category is string => category !== null)
}

async function everyChipReachable(app: Page): Promise<void> {
  const group = app.getByTestId('feed-filter-category')
  const all = group.locator('[data-category="all"]')
  const categories = await categoriesShown(app, 7)
  // Nothing hidden past the end of the row, and every chip fully on screen.
  expect(
    await group.evaluate((element: ScrollBox) => element.scrollWidth <= element.clientWidth),
  ).toBe(true)
  await expect(all).toBeInViewport({ ratio: 1 })
  for (const category of categories) {
    await expect(group.locator(`[data-category="${category}"]`)).toBeInViewport({ ratio: 1 })
  }
  // And every one toggles its filter: on, adding its category to those shown; "All" clears them.
  const [first, ...others] = categories
  const firstChip = group.locator(`[data-category="${first ?? ''}"]`)
  await firstChip.click()
  await expect(firstChip).toHaveAttribute('aria-pressed', 'true')
  await expect(all).toHaveAttribute('aria-pressed', 'false')
  await expect(app.getByTestId('feed-row').first()).toHaveAttribute('data-category', first ?? '')
  await firstChip.click()
  await expect(firstChip).toHaveAttribute('aria-pressed', 'false')
  for (const category of others) {
    const chip = group.locator(`[data-category="${category}"]`)
    await chip.click()
    await expect(chip).toHaveAttribute('aria-pressed', 'true')
  }
  const shown = await app
    .getByTestId('feed-row')
    .evaluateAll((rows) =>
      rows.map((row) => (row as unknown as { dataset: { category?: string } }).dataset.category),
    )
  for (const category of shown) expect(others).toContain(category)
  await all.click()
  await expect(all).toHaveAttribute('aria-pressed', 'true')
  for (const category of others) {
    await expect(group.locator(`[data-category="${category}"]`)).toHaveAttribute(
      'aria-pressed',
      'false',
    )
  }
}

test.describe('with events of many kinds', () => {
  // Faster than usual, so that most of the demo's event categories show up within seconds.
  test.use({ demoOptions: { speed: 40, callsPerMinute: 8 } })

  test('every category chip can be reached and toggled, at the default size and a narrow one', async ({
    app,
  }) => {
    test.setTimeout(150_000)
    await everyChipReachable(app)
    await shoot(app, 'feed-filters')
    await app.setViewportSize({ width: 900, height: 800 })
    await everyChipReachable(app)
    await shoot(app, 'feed-filters-narrow')
  })
})

test('the escalation notice covers none of the feed, the newest row included', async ({ app }) => {
  const toast = app.getByTestId('escalation-toast')
  await expect(toast).toBeVisible({ timeout: 40_000 })
  const toastBox = await toast.boundingBox()
  const feedBox = await app.getByTestId('feed').boundingBox()
  const boardBox = await app.getByTestId('call-board').boundingBox()
  const newest = await app.getByTestId('feed-row').last().boundingBox()
  expect(toastBox).not.toBeNull()
  expect(feedBox).not.toBeNull()
  expect(boardBox).not.toBeNull()
  expect(newest).not.toBeNull()
  if (toastBox === null || feedBox === null || boardBox === null || newest === null) return
  expect(overlaps(toastBox, newest)).toBe(false)
  expect(overlaps(toastBox, feedBox)).toBe(false)
  expect(overlaps(toastBox, boardBox)).toBe(false)
  await shoot(app, 'live-escalation-notice')
})
