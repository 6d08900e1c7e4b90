import type { Locator, Page } from '@playwright/test'

export const SECTIONS = ['Live', 'Library', 'Escalations', 'Operators', 'Settings'] as const
export type SectionName = (typeof SECTIONS)[number]

/** Locators for the frame every screen lives in: the sidebar and the current view. */
export class AppFrame {
  readonly nav: Locator
  readonly heading: Locator
  readonly emptyState: Locator

  constructor(readonly page: Page) {
    this.nav = page.getByRole('navigation', { name: 'Sections' })
    this.heading = page.getByRole('heading', { level: 1 })
    this.emptyState = page.getByTestId('empty-state')
  }

  /** A section's link; its name may go on with a count ("Escalations 3 new"). */
  link(section: SectionName): Locator {
    return this.nav.getByRole('link', { name: new RegExp(`^${section}\\b`) })
  }

  async open(section: SectionName): Promise<void> {
    await this.link(section).click()
  }
}
