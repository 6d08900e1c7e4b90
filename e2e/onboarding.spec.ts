import { join } from 'node:path'
import { expect, screenshotDir, test } from './fixtures'

test.use({ setup: 'none' })

test('with nothing configured, onboarding leads into the live demo', async ({ app }) => {
  const onboarding = app.getByTestId('onboarding')
  await expect(
    onboarding.getByRole('heading', { name: 'Explore the demo workspace' }),
  ).toBeVisible()
  await expect(onboarding.getByRole('heading', { name: 'Connect a workspace' })).toBeVisible()
  await app.screenshot({ path: join(screenshotDir, 'onboarding-light.png') })

  await app.getByTestId('explore-demo').click()
  await expect(app.getByRole('heading', { level: 1 })).toHaveText('Live')
  await expect(app.getByTestId('connection-badge')).toHaveAttribute('data-state', 'connected')
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
  await expect(app.getByTestId('connection-badge')).toContainText(platform.workspaceId)
})

test('an unreachable platform is named plainly', async ({ app }) => {
  const form = app.getByTestId('connect-form')
  await form.getByLabel('Platform base URL').fill('http://127.0.0.1:9')
  await form.getByLabel('Workspace id').fill('ws_anything')
  await form.getByLabel('API key').fill('sk_anything')
  await form.getByRole('button', { name: 'Connect', exact: true }).click()
  await expect(form.getByTestId('connect-error')).toContainText('Check the base URL')
  await expect(app.getByTestId('onboarding')).toBeVisible()
})
