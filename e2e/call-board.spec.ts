import type { Locator, Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { AppFrame } from './pages/app-frame'
import { focusedElement, shoot, UUID } from './pages/screens'

// The calls board at a calm pace (calls last about a minute), so a card stays while it is used.
test.use({ demoOptions: { speed: 2, callsPerMinute: 20 } })

function cardOf(app: Page, callSid: string): Locator {
  return app.locator(`[data-testid="call-card"][data-call-sid="${callSid}"]`)
}

/** Tabs from the sidebar into the board; returns the call of the card that got the focus. */
async function tabIntoBoard(app: Page): Promise<string> {
  await new AppFrame(app).link('Live').focus()
  for (let presses = 0; presses < 12; presses++) {
    await app.keyboard.press('Tab')
    const focused = await focusedElement(app)
    expect(focused.testid, 'Tab never stops on a PHI reveal button').not.toBe('phi')
    if (focused.testid === 'call-card' && focused.callSid !== null) return focused.callSid
  }
  throw new Error('Tab did not reach the calls board')
}

async function boardOrder(app: Page): Promise<(string | null)[]> {
  const cards = await app.getByTestId('call-card').all()
  return Promise.all(cards.map((card) => card.getAttribute('data-call-sid')))
}

test('a card is one keyboard stop that says the call, and R reveals its masked values', async ({
  app,
}) => {
  await expect(app.getByTestId('call-card').nth(1)).toBeVisible({ timeout: 30_000 })
  const callSid = await tabIntoBoard(app)
  const card = cardOf(app, callSid)
  await expect(card).toBeFocused()
  // Its name says the call (direction, caller hidden, service by name, state), never PHI.
  await expect(card).toHaveAccessibleName(/^(Inbound|Outbound) call, caller hidden, [^,]+, .+/)
  expect(await card.getAttribute('aria-label')).not.toMatch(UUID)
  await expect(card).toHaveCSS('outline-style', 'solid')
  // The reveal buttons are out of the tab order.
  for (const button of await card.getByTestId('phi').all()) {
    await expect(button).toHaveAttribute('tabindex', '-1')
  }

  // One stop for the whole board: the next Tab leaves it, Shift+Tab comes back to the same card.
  await app.keyboard.press('Tab')
  expect((await focusedElement(app)).testid).not.toBe('call-card')
  await app.keyboard.press('Shift+Tab')
  await expect(card).toBeFocused()

  // Enter does not reveal anything (it will open the call).
  await app.keyboard.press('Enter')
  await expect(app.locator('[data-testid="phi"][data-revealed="true"]')).toHaveCount(0)

  // R reveals every masked value of this card, and only of this card; R again hides them.
  await app.keyboard.press('r')
  const masked = card.getByTestId('phi')
  const count = await masked.count()
  expect(count).toBeGreaterThan(0)
  await expect(card.locator('[data-testid="phi"][data-revealed="true"]')).toHaveCount(count)
  await expect(card.getByTestId('call-caller')).toContainText(/\d{4}/)
  await expect(app.locator('[data-testid="phi"][data-revealed="true"]')).toHaveCount(count)
  await app.keyboard.press('r')
  await expect(app.locator('[data-testid="phi"][data-revealed="true"]')).toHaveCount(0)
  await app.keyboard.press('r')
  await shoot(app, 'call-board-focused-revealed')
  await app.keyboard.press('r')

  // Arrow keys move between cards.
  await app.keyboard.press('Home')
  const first = (await boardOrder(app))[0]
  expect((await focusedElement(app)).callSid).toBe(first)
  await app.keyboard.press('ArrowRight')
  const second = (await focusedElement(app)).callSid
  expect(second).not.toBe(first)
  expect(second).not.toBeNull()
})

test('keyboard focus stays on the same call while the board reorders', async ({ app }) => {
  await expect(app.getByTestId('call-card').nth(2)).toBeVisible({ timeout: 30_000 })
  await tabIntoBoard(app)
  // The last card is the newest call: it outlives the others' reordering.
  await app.keyboard.press('End')
  const callSid = (await focusedElement(app)).callSid
  expect(callSid).not.toBeNull()
  const order = await boardOrder(app)
  const index = order.indexOf(callSid)
  // Calls end and escalate around it: wait for its place in the board to change.
  await expect
    .poll(async () => (await boardOrder(app)).indexOf(callSid), { timeout: 60_000 })
    .not.toBe(index)
  const focused = await focusedElement(app)
  expect(focused).toMatchObject({ testid: 'call-card', callSid })
  await expect(cardOf(app, callSid ?? '')).toBeFocused()
})

test.describe('at an even calmer pace', () => {
  // Utterances change every few seconds: one stays revealed while it is measured.
  test.use({ demoOptions: { speed: 1, callsPerMinute: 30 } })

  test('a revealed utterance is readable on its card, not an ellipsis', async ({ app }) => {
    const utterance = app
      .locator('[data-testid="call-card"] [data-testid="call-utterance"] [data-testid="phi"]')
      .first()
    await expect(utterance).toBeVisible({ timeout: 30_000 })
    await utterance.click()
    const revealed = app
      .locator('[data-testid="call-utterance"] [data-testid="phi"][data-revealed="true"]')
      .first()
    await expect(revealed).toBeVisible()
    const text = (await revealed.textContent()) ?? ''
    expect(text.trim().length).toBeGreaterThan(3)
    // The value's own box, not a few pixels of "…": at least a line of text, within its card.
    const box = await revealed.boundingBox()
    const card = await revealed.locator('xpath=ancestor::*[@data-testid="call-card"]').boundingBox()
    expect(box).not.toBeNull()
    expect(card).not.toBeNull()
    if (box === null || card === null) return
    expect(box.height).toBeGreaterThanOrEqual(16)
    expect(box.width).toBeGreaterThan(Math.min(120, text.length * 4))
    expect(box.x + box.width).toBeLessThanOrEqual(card.x + card.width)
    expect(box.y + box.height).toBeLessThanOrEqual(card.y + card.height)
    await expect(revealed.locator('.value')).toBeVisible()
    await shoot(app, 'call-card-revealed-utterance')
  })
})

test.describe('at the usual demo pace', () => {
  test.use({ demoOptions: { speed: 20, callsPerMinute: 8 } })

  test('cards, the feed and the operator board name services and operators, the id on hover', async ({
    app,
    harness,
  }) => {
    const card = app.getByTestId('call-card').first()
    await expect(card).toBeVisible({ timeout: 30_000 })
    let names = await harness.service.handlers['names.get'](undefined)
    await expect
      .poll(async () => {
        names = await harness.service.handlers['names.get'](undefined)
        return Object.keys(names.services).length
      })
      .toBeGreaterThan(0)
    const service = card.getByTestId('call-service')
    await expect(service).not.toHaveText(UUID)
    await expect(service).toHaveText(new RegExp(Object.values(names.services).join('|')))
    await expect(service).toHaveAttribute('title', UUID)

    // The feed's summaries read the service's name too.
    const started = app.locator('[data-testid="feed-row"][data-type="call.started"]').first()
    await expect(started).toBeVisible()
    await expect(started).not.toContainText(UUID)
    await expect(started.locator('.named')).toHaveAttribute('title', UUID)

    await new AppFrame(app).open('Operators')
    const operators = app.getByTestId('operator-name')
    await expect(operators.first()).toBeVisible({ timeout: 30_000 })
    await expect
      .poll(
        async () => {
          const known = Object.values(
            (await harness.service.handlers['names.get'](undefined)).operators,
          )
          const shown = (await operators.allTextContents()).map((text) => text.trim())
          return shown.some((text) => known.includes(text))
        },
        { timeout: 40_000 },
      )
      .toBe(true)
    await expect(operators.first()).toHaveAttribute('title', UUID)
  })
})
