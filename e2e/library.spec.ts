import { expect, test } from './fixtures'
import { AppFrame } from './pages/app-frame'
import { shoot, UUID } from './pages/screens'

// Calls come and go fast here, so some have ended within seconds.
test.use({ demoOptions: { speed: 60, callsPerMinute: 20 } })

test('the Library lists the recorded sessions, newest first, and updates as calls end', async ({
  app,
}) => {
  const frame = new AppFrame(app)
  await frame.open('Library')
  await expect(frame.heading).toHaveText('Library')
  await expect(app).toHaveTitle('Library · Call Observer')
  // Open on the Library while calls end: rows arrive and turn into ended sessions by themselves.
  const ended = app.locator('[data-testid="library-row"][data-ended="true"]')
  await expect(ended.first()).toBeVisible({ timeout: 60_000 })
  await expect(app.getByText('No recorded sessions yet')).toHaveCount(0)
  const row = ended.first()
  await expect(row.getByTestId('library-duration')).toHaveText(/^\d+:\d{2}$/)
  await expect(row.getByTestId('library-reason')).not.toHaveText('In progress')
  const service = row.getByTestId('library-service')
  await expect(service).not.toHaveText(UUID)
  await expect(service).toHaveAttribute('title', UUID)

  // Newest first.
  const starts = await app
    .locator('[data-testid="library-row"] time')
    .evaluateAll((times) => times.map((time) => (time as unknown as { dateTime: string }).dateTime))
  expect(starts).toEqual([...starts].sort().reverse())
  await shoot(app, 'library')
})
