import {
  AppWindow,
  Building,
  Cable,
  CircleDashed,
  ClipboardCheck,
  FlaskConical,
  Headset,
  MessageSquare,
  Phone,
  Stethoscope,
  Workflow,
  Zap,
  type LucideIcon,
} from '@lucide/svelte'
import type { EventCategory } from '../../../../src-main/api'

/** One icon per feed category. */
export const categoryIcons: Readonly<Record<EventCategory, LucideIcon>> = {
  call: Phone,
  operator: Headset,
  text: MessageSquare,
  surface: AppWindow,
  channel: Cable,
  pipeline: Workflow,
  trigger: Zap,
  review: ClipboardCheck,
  encounter: Stethoscope,
  simulation: FlaskConical,
  workspace: Building,
  other: CircleDashed,
}
