import type { Page } from '@playwright/test'
import { startSimulator, type Simulator } from '../src-main/simulator/simulator'
import { expect, test } from './fixtures'
import { AppFrame } from './pages/app-frame'
import { shoot } from './pages/screens'

// A real workspace (a simulator of its own) whose platform restarts: the calls it had are gone,
// and nothing of them may stay on the board once the app is connected again.
test.use({ setup: 'none' })

const pace = { speed: 2, callsPerMinute: 30 } as const

async function callsOnBoard(app: Page): Promise<string[]> {
  const cards = await app.getByTestId('call-card').all()
  const sids = await Promise.all(cards.map((card) => card.getAttribute('data-call-sid')))
  return sids.filter((sid): sid is string => sid !== null)
}

test('after the platform restarts, the calls it forgot leave the board, and the board says it is not live meanwhile', async ({
  app,
  harness,
}) => {
  const platforms: Simulator[] = []
  try {
    const first = await startSimulator({ ...pace, seed: 1 })
    platforms.push(first)
    await harness.service.handlers['workspace.connect']({
      baseUrl: first.baseUrl,
      workspaceId: first.workspaceId,
      apiKey: first.apiKey,
      name: 'Clinic',
    })
    const badge = app.getByTestId('connection-badge')
    await expect(badge).toHaveAttribute('data-state', 'connected')
    await expect(app.getByTestId('call-card').nth(1)).toBeVisible({ timeout: 30_000 })
    await expect(app.getByTestId('calls-not-live')).toHaveCount(0)
    const before = await callsOnBoard(app)

    // The platform goes away: the board cannot know which calls end now.
    await first.close()
    platforms.shift()
    await expect(badge).not.toHaveAttribute('data-state', 'connected')
    await expect(app.getByTestId('calls-not-live')).toBeVisible()
    await expect(app.getByTestId('calls-not-live')).toContainText('Not live — ')
    await expect(app.locator('[data-testid="call-board"] ul')).toHaveAttribute('data-stale', 'true')
    const durations = app.getByTestId('call-duration')
    for (const duration of await durations.all()) {
      await expect(duration).toHaveAttribute('data-frozen', 'true')
    }
    await expect(app.getByTestId('call-card').first()).toHaveAccessibleName(/not live/)
    await shoot(app, 'live-not-live')

    // It comes back on the same address, remembering none of those calls.
    const port = Number(new URL(first.baseUrl).port)
    const second = await startSimulator({ ...pace, seed: 2, port })
    platforms.push(second)
    const retry = badge.getByRole('button', { name: 'Retry now' })
    if (await retry.isVisible()) await retry.click()
    await expect(badge).toHaveAttribute('data-state', 'connected', { timeout: 40_000 })
    await expect
      .poll(async () => (await callsOnBoard(app)).filter((sid) => before.includes(sid)), {
        timeout: 15_000,
      })
      .toEqual([])
    await expect(app.getByTestId('calls-not-live')).toHaveCount(0)
    for (const duration of await durations.all()) {
      await expect(duration).toHaveAttribute('data-frozen', 'false')
    }

    // Nothing of them waits for a human either.
    await new AppFrame(app).open('Escalations')
    for (const sid of before) {
      await expect(
        app.locator(
          `[data-testid="escalation-item"][data-call-sid="${sid}"][data-status="waiting"]`,
        ),
      ).toHaveCount(0)
    }
    await new AppFrame(app).open('Live')
    await shoot(app, 'live-after-restart')
  } finally {
    for (const platform of platforms) await platform.close()
  }
})
