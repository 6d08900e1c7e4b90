import { join } from 'node:path'
import { AppFrame, SECTIONS } from './pages/app-frame'
import { expect, screenshotDir, test } from './fixtures'

// The frame on a connected demo workspace whose clock does not move: nothing happens yet, so each
// view shows what will appear there.
test.use({ demoOptions: { clock: 'manual' } })

const emptyStates = {
  Live: 'No calls in progress',
  Library: 'No recorded sessions yet',
  Escalations: 'No escalations',
  Operators: 'No operators seen yet',
  Settings: null,
} as const

test('opens on Live, with every section in the sidebar', async ({ app }) => {
  const frame = new AppFrame(app)
  for (const section of SECTIONS) await expect(frame.link(section)).toBeVisible()
  await expect(frame.link('Live')).toHaveAttribute('aria-current', 'page')
  await expect(frame.heading).toHaveText('Live')
  await expect(app).toHaveURL(/#\/live$/)
  await expect(app).toHaveTitle('Live · Call Observer')
})

test('every section says what will appear there', async ({ app }) => {
  const frame = new AppFrame(app)
  for (const section of SECTIONS) {
    await frame.open(section)
    await expect(frame.heading).toHaveText(section)
    await expect(frame.link(section)).toHaveAttribute('aria-current', 'page')
    const empty = emptyStates[section]
    if (empty !== null) await expect(frame.emptyState.first()).toContainText(empty)
    await app.screenshot({ path: join(screenshotDir, `${section.toLowerCase()}-empty-light.png`) })
  }
})

test('back and forward move between sections, and a deep link opens its section', async ({
  app,
  harness,
}) => {
  const frame = new AppFrame(app)
  await frame.open('Library')
  await frame.open('Operators')
  await app.goBack()
  await expect(frame.heading).toHaveText('Library')
  await app.goForward()
  await expect(frame.heading).toHaveText('Operators')
  await app.goto(`${harness.server.origin}/#/escalations`)
  await expect(frame.heading).toHaveText('Escalations')
})

test('the keyboard reaches every section', async ({ app }) => {
  const frame = new AppFrame(app)
  await app.keyboard.press('Control+3')
  await expect(frame.heading).toHaveText('Escalations')
  await app.keyboard.press('Control+5')
  await expect(frame.heading).toHaveText('Settings')
  await frame.link('Live').focus()
  await app.keyboard.press('ArrowDown')
  await expect(frame.heading).toHaveText('Library')
  await expect(frame.link('Library')).toBeFocused()
})

test('the dark theme applies at once and survives a restart', async ({ app }) => {
  const frame = new AppFrame(app)
  await frame.open('Settings')
  await app.getByRole('radio', { name: 'Dark' }).check()
  await expect(app.locator('html')).toHaveAttribute('data-theme', 'dark')
  await app.reload()
  await expect(app.locator('html')).toHaveAttribute('data-theme', 'dark')
  await expect(app.getByRole('radio', { name: 'Dark' })).toBeChecked()
  for (const section of SECTIONS) {
    await frame.open(section)
    await app.screenshot({ path: join(screenshotDir, `${section.toLowerCase()}-empty-dark.png`) })
  }
  await frame.open('Settings')
  await app.getByRole('radio', { name: 'Light' }).check()
  await expect(app.locator('html')).toHaveAttribute('data-theme', 'light')
})
