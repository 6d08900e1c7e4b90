import { SECTION_IDS, type SectionId } from './sections'

export const isMac = /Mac|iPhone|iPad/.test(navigator.userAgent)

/** The section a Ctrl+1..5 (⌘1..5 on macOS) key press jumps to, or null. */
export function shortcutSection(event: KeyboardEvent): SectionId | null {
  if (event.altKey || !(event.ctrlKey || event.metaKey)) return null
  // `code` keeps the shortcut working on layouts where the digit needs Shift (e.g. AZERTY).
  const digit = /^(?:Digit|Numpad)([1-9])$/.exec(event.code)?.[1] ?? event.key
  const index = Number.parseInt(digit, 10) - 1
  return SECTION_IDS[index] ?? null
}

/** What the sidebar shows next to a section, e.g. "Ctrl 2" or "⌘2". */
export function shortcutLabel(position: number): string {
  return isMac ? `⌘${position}` : `Ctrl ${position}`
}

/** The `aria-keyshortcuts` value for a section. */
export function shortcutAria(position: number): string {
  return isMac ? `Meta+${position}` : `Control+${position}`
}
