import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { expect, screenshotDir } from '../fixtures'

/** Saves the page in the light and the dark theme, as `<name>-light.png` and `<name>-dark.png`. */
export async function shoot(app: Page, name: string): Promise<void> {
  // The theme follows the system's by default, so emulating it switches the app.
  for (const theme of ['light', 'dark'] as const) {
    await app.emulateMedia({ colorScheme: theme })
    await expect(app.locator('html')).toHaveAttribute('data-theme', theme)
    await app.screenshot({ path: join(screenshotDir, `${name}-${theme}.png`) })
  }
  await app.emulateMedia({ colorScheme: 'light' })
}

/** The DOM members the page-side functions use (the e2e project is typed for Node). */
interface PageElement {
  tagName: string
  getAttribute(name: string): string | null
}
interface PageGlobals {
  document: { activeElement: PageElement | null }
}

/** The element that has the keyboard focus, as its test id and call SID (for a card). */
export function focusedElement(app: Page) {
  return app.evaluate(() => {
    const active = (globalThis as unknown as PageGlobals).document.activeElement
    return {
      testid: active?.getAttribute('data-testid') ?? null,
      callSid: active?.getAttribute('data-call-sid') ?? null,
      tag: active?.tagName.toLowerCase() ?? null,
    }
  })
}

/** Whether two boxes overlap. */
export function overlaps(
  a: { x: number; y: number; width: number; height: number },
  b: { x: number; y: number; width: number; height: number },
): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
}

/** A service or operator id as the platform spells it. */
export const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i
