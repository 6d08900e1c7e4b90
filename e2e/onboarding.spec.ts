import { join } from 'node:path'
import { expect, screenshotDir, test } from './fixtures'
import { AppFrame } from './pages/app-frame'
import { shoot } from './pages/screens'

test.use({ setup: 'none' })

test('with nothing configured, onboarding leads into the live demo', async ({ app }) => {
  await expect(app).toHaveTitle('Welcome · Call Observer')
  const onboarding = app.getByTestId('onboarding')
  await expect(
    onboarding.getByRole('heading', { name: 'Explore the demo workspace' }),
  ).toBeVisible()
  await expect(onboarding.getByRole('heading', { name: 'Connect a workspace' })).toBeVisible()
  await app.screenshot({ path: join(screenshotDir, 'onboarding-light.png') })

  await app.getByTestId('explore-demo').click()
  await expect(app.getByRole('heading', { level: 1 })).toHaveText('Live')
  await expect(app).toHaveTitle('Live · Call Observer')
  await expect(app.getByTestId('connection-badge')).toHaveAttribute('data-state', 'connected')
  await expect(app.getByTestId('connection-detail')).toHaveText('Demo workspace')
  await expect(app.getByTestId('call-card').first()).toBeVisible()
})

test('a wrong API key gets a clear message, and a right one says when it expires', async ({
  app,
  harness,
}) => {
  const platform = await harness.platform({ speed: 20 })
  const form = app.getByTestId('connect-form')
  await form.getByLabel('Platform base URL').fill(platform.baseUrl)
  await form.getByLabel('Workspace id').fill(platform.workspaceId)
  await form.getByLabel('API key').fill('sk_not_the_right_key')
  await form.getByRole('button', { name: 'Check the key' }).click()
  await expect(form.getByTestId('connect-error')).toContainText(
    'the platform rejected the API key (HTTP 401)',
  )
  await app.screenshot({ path: join(screenshotDir, 'onboarding-wrong-key.png') })

  await form.getByLabel('API key').fill(platform.apiKey)
  await form.getByRole('button', { name: 'Check the key' }).click()
  await expect(form.getByTestId('connect-checked')).toContainText(
    /It expires on .+ \(in \d+ days\)/,
  )

  await form.getByRole('button', { name: 'Connect', exact: true }).click()
  await expect(app.getByRole('heading', { level: 1 })).toHaveText('Live')
  await expect(app.getByTestId('connection-badge')).toHaveAttribute('data-state', 'connected')
  // Named by its host and the start of its id, the id itself on hover.
  const detail = app.getByTestId('connection-detail')
  await expect(detail).toHaveText(
    `${new URL(platform.baseUrl).host} · ${platform.workspaceId.slice(0, 8)}`,
  )
  await expect(detail).toHaveAttribute('title', `Workspace ${platform.workspaceId}`)
})

test('a workspace can be given a name when connecting', async ({ app, harness }) => {
  const platform = await harness.platform({ speed: 20 })
  const form = app.getByTestId('connect-form')
  await form.getByLabel('Platform base URL').fill(platform.baseUrl)
  await form.getByLabel('Workspace id').fill(platform.workspaceId)
  await expect(form.getByLabel('Name (optional)')).toHaveAttribute(
    'placeholder',
    `${new URL(platform.baseUrl).host} · ${platform.workspaceId.slice(0, 8)}`,
  )
  await form.getByLabel('Name (optional)').fill('Night shift')
  await form.getByLabel('API key').fill(platform.apiKey)
  await form.getByRole('button', { name: 'Connect', exact: true }).click()
  await expect(app.getByTestId('connection-detail')).toHaveText('Night shift')
  await app.getByRole('link', { name: 'Settings' }).click()
  await expect(app.getByTestId('workspace-name')).toHaveText('Night shift')
  await expect(app.getByTestId('workspace-name')).toHaveAttribute(
    'title',
    `Workspace ${platform.workspaceId}`,
  )
})

test('an unreachable platform is named plainly', async ({ app }) => {
  const form = app.getByTestId('connect-form')
  await form.getByLabel('Platform base URL').fill('http://127.0.0.1:9')
  await form.getByLabel('Workspace id').fill('ws_anything')
  await form.getByLabel('API key').fill('sk_anything')
  await form.getByRole('button', { name: 'Connect', exact: true }).click()
  const error = form.getByTestId('connect-error')
  await expect(error).toContainText('Check the base URL')
  // In words: no function name, no system error code.
  await expect(error).toContainText('the platform could not be reached')
  await expect(error).not.toContainText(/authMe|\([A-Z][A-Z0-9_]{3,}\)/)
  await expect(app.getByTestId('onboarding')).toBeVisible()
})

test.describe('in the demo', () => {
  test.use({ setup: 'demo' })

  test('leaving the demo asks first, says what happens to its recordings, and Esc cancels', async ({
    app,
  }) => {
    const frame = new AppFrame(app)
    await frame.open('Settings')
    const leave = app.getByRole('button', { name: 'Leave the demo' })
    await leave.click()
    const dialog = app.getByRole('dialog', { name: 'Leave the demo workspace?' })
    await expect(dialog).toBeVisible()
    await expect(dialog).toContainText('demo.db')
    await expect(dialog).toContainText('not deleted')
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused()
    await shoot(app, 'settings-leave-demo')
    await app.keyboard.press('Escape')
    await expect(dialog).toBeHidden()
    await expect(frame.heading).toHaveText('Settings')
    await expect(app.getByTestId('connection-badge')).toHaveAttribute('data-state', 'connected')

    await leave.click()
    await dialog.getByRole('button', { name: 'Leave the demo' }).click()
    await expect(app.getByTestId('onboarding')).toBeVisible()
    await expect(app).toHaveTitle('Welcome · Call Observer')
  })
})
