import { Notification } from 'electron'
import type { EscalationItem } from '../api/live'
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

export interface NotificationOptions {
  service: Pick<ServicePort, 'subscribe'>
  /** Brings the app forward when a notification is clicked. */
  focus: () => void
}

/** Shows an OS notification for each escalation raised; returns the unsubscribe. */
export function notifyEscalations(options: NotificationOptions): () => void {
  const { service, focus } = options
  // Held until dismissed: a notification that is garbage-collected loses its click handler.
  const shown = new Set<Notification>()
  const unsubscribe = service.subscribe((message) => {
    if (message.event !== 'escalation.raised' || !Notification.isSupported()) return
    const notification = new Notification(escalationNotice(message.payload))
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
