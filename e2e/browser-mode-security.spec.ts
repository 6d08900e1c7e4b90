import { expect, test } from './fixtures'

test('browser mode refuses a visitor without the launch token', async ({ browser, server }) => {
  const stranger = await browser.newPage()
  const response = await stranger.goto(server.origin)
  expect(response?.status()).toBe(401)
  await expect(stranger.locator('body')).toContainText('launch token')
  await expect(stranger.locator('#app')).toHaveCount(0)
  await stranger.close()
})

test('the launch token leaves the address bar once it has been used', ({ app, server }) => {
  expect(app.url()).toBe(`${server.origin}/#/live`)
})
