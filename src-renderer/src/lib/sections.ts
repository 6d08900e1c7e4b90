import { BellRing, Headset, Library, Radio, Settings, type LucideIcon } from '@lucide/svelte'

/** The sections of the app, in sidebar order. Their position is also their Ctrl/⌘ number. */
export const SECTION_IDS = ['live', 'library', 'escalations', 'operators', 'settings'] as const

export type SectionId = (typeof SECTION_IDS)[number]

export interface Section {
  readonly id: SectionId
  readonly label: string
  /** One line under the view title saying what the section is for. */
  readonly summary: string
  readonly icon: LucideIcon
}

export const SECTIONS: readonly Section[] = [
  { id: 'live', label: 'Live', summary: 'Calls in progress in the workspace', icon: Radio },
  { id: 'library', label: 'Library', summary: 'Sessions recorded on this computer', icon: Library },
  {
    id: 'escalations',
    label: 'Escalations',
    summary: 'Calls handed over to a human operator',
    icon: BellRing,
  },
  {
    id: 'operators',
    label: 'Operators',
    summary: 'Who is on which call, and how',
    icon: Headset,
  },
  {
    id: 'settings',
    label: 'Settings',
    summary: 'Appearance and workspace connection',
    icon: Settings,
  },
]

export function isSectionId(value: string): value is SectionId {
  return (SECTION_IDS as readonly string[]).includes(value)
}

export function sectionById(id: SectionId): Section {
  const section = SECTIONS.find((candidate) => candidate.id === id)
  if (!section) throw new Error(`Unknown section: ${id}`)
  return section
}
