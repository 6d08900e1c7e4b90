import { Notification } from 'electron'
import type { PushMessage } from '../api/contract'
import type { EscalationItem, RecordingHealth } from '../api/live'
import type { ServicePort } from './ipc'

export interface Notice {
  title: string
  body: string
}

/**
 * What the OS shows for a new escalation. An OS notification lands outside the app's masking (the
 * lock screen, the notification centre, screen sharing), so it names no caller and quotes no
 * reason: only the trigger, a platform enum (`caller`, `ai`, `operator`), never PHI.
 */
export function escalationNotice(item: EscalationItem): Notice {
  const trigger = /^[a-z_]{1,32}$/.test(item.trigger) ? ` (trigger: ${item.trigger})` : ''
  return {
    title: 'Call escalated',
    body: `A caller needs a human${trigger}. Open the escalation inbox.`,
  }
}

/**
 * What the OS shows when events stop reaching the database: the app may be in the background for
 * hours while a disk fills. The message names the file and the cause, never an event's content.
 */
export function storageNotice(
  storage: Extract<RecordingHealth['storage'], { state: 'failing' }>,
): Notice {
  return { title: 'Events are not being saved', body: storage.message }
}

/**
 * The notice a pushed message deserves, if any: every escalation raised, and saving starting to
 * fail (once, not at every retry). `failing`: whether saving was failing before this message.
 */
export function noticeFor(message: PushMessage, failing: boolean): Notice | null {
  if (message.event === 'escalation.raised') return escalationNotice(message.payload)
  if (message.event === 'recording.health' && message.payload.storage.state === 'failing') {
    return failing ? null : storageNotice(message.payload.storage)
  }
  return null
}

export interface NotificationOptions {
  service: Pick<ServicePort, 'subscribe'>
  /** Brings the app forward when a notification is clicked. */
  focus: () => void
}

/** Shows an OS notification for what `noticeFor` picks out; returns the unsubscribe. */
export function notifyUser(options: NotificationOptions): () => void {
  const { service, focus } = options
  // Held until dismissed: a notification that is garbage-collected loses its click handler.
  const shown = new Set<Notification>()
  let storageFailing = false
  const unsubscribe = service.subscribe((message) => {
    const notice = noticeFor(message, storageFailing)
    if (message.event === 'recording.health') {
      storageFailing = message.payload.storage.state === 'failing'
    }
    if (notice === null || !Notification.isSupported()) return
    const notification = new Notification(notice)
    shown.add(notification)
    notification.on('click', () => {
      shown.delete(notification)
      focus()
    })
    notification.on('close', () => {
      shown.delete(notification)
    })
    notification.show()
  })
  return () => {
    unsubscribe()
    shown.clear()
  }
}
