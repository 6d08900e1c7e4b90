import { expect, test } from './fixtures'

test('browser mode refuses a visitor without the launch token', async ({ browser, harness }) => {
  const stranger = await browser.newPage()
  const response = await stranger.goto(harness.server.origin)
  expect(response?.status()).toBe(401)
  await expect(stranger.locator('body')).toContainText('launch token')
  await expect(stranger.locator('#app')).toHaveCount(0)
  await stranger.close()
})

test('the launch token leaves the address bar once it has been used', ({ app, harness }) => {
  expect(app.url()).toBe(`${harness.server.origin}/#/live`)
})

test('the API socket refuses a page without the token, and one from another site', async ({
  browser,
  harness,
  app,
}) => {
  const socketOpens = (page: typeof app, url: string) =>
    page.evaluate(
      (target) =>
        new Promise<boolean>((resolve) => {
          const socket = new WebSocket(target)
          socket.onopen = () => {
            socket.close()
            resolve(true)
          }
          socket.onerror = () => {
            resolve(false)
          }
        }),
      url,
    )
  const apiUrl = `ws://127.0.0.1:${harness.server.port}/api`
  // Our own page, holding the token's cookie, gets in.
  expect(await socketOpens(app, apiUrl)).toBe(true)
  // A page of another origin (no cookie for it, a foreign Origin) does not.
  const stranger = await browser.newPage()
  await stranger.goto('about:blank')
  expect(await socketOpens(stranger, apiUrl)).toBe(false)
  await stranger.close()
})
