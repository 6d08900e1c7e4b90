import { startSimulator } from '../src-main/simulator/simulator'
import { expect, test } from './fixtures'
import { AppFrame } from './pages/app-frame'
import { shoot } from './pages/screens'
import { startFailingRestProxy } from './support/failing-rest-proxy'

test.use({ setup: 'none' })

test('calls whose missed stretch could not be filled in are said above every view, without PHI, until dismissed', async ({
  app,
  harness,
}) => {
  // Observer sockets drop now and then, and the platform has lost the calls' records: every
  // backfill after a drop fails.
  const platform = await startSimulator({
    speed: 2,
    callsPerMinute: 30,
    faults: { dropObserverEvery: 12 },
  })
  const proxy = await startFailingRestProxy(platform.baseUrl, /\/calls\/[^/?]+(?:\?|$)/)
  try {
    await harness.service.handlers['workspace.connect']({
      baseUrl: proxy.baseUrl,
      workspaceId: platform.workspaceId,
      apiKey: platform.apiKey,
    })
    const alert = app.getByTestId('backfill-alert')
    await expect(alert).toBeVisible({ timeout: 60_000 })
    await expect(alert).toContainText(/Parts of \d+ calls? could not be filled in/)
    await expect(alert).toContainText(/missing from (its|their) recordings?/)
    await expect(alert).toContainText('HTTP 404')
    // Nothing a caller said or is: no phone number, no transcript.
    await expect(alert).not.toContainText(/\+1\d{6,}|555/)
    expect(proxy.refused()).toBeGreaterThan(0)
    await shoot(app, 'live-backfill-alert')

    // Above every view.
    await new AppFrame(app).open('Library')
    await expect(alert).toBeVisible()
    await alert.getByRole('button', { name: 'Dismiss' }).click()
    await expect(alert).toHaveCount(0)
    expect((await harness.service.handlers['live.getSnapshot'](undefined)).health.backfill).toEqual(
      { state: 'complete' },
    )
  } finally {
    await proxy.close()
    await platform.close()
  }
})
