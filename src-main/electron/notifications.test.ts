import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { PushMessage } from '../api/contract'
import type { EscalationItem, RecordingHealth } from '../api/live'

vi.mock('electron', () => import('./fake-electron'))

const fake = await import('./fake-electron')
const { escalationNotice, notifyUser } = await import('./notifications')

const escalation: EscalationItem = {
  escalationId: 'esc_1',
  callSid: 'CA123',
  caller: ['Caller ', { phi: '+1 555 0100', field: 'caller' }],
  reason: ['Patient ', { phi: 'reports chest pain', field: 'reason' }],
  trigger: 'caller',
  raisedAt: 1,
  status: 'waiting',
  operatorId: null,
}

function setup() {
  const listeners = new Set<(message: PushMessage) => void>()
  const focus = vi.fn()
  const stop = notifyUser({
    service: {
      subscribe: (listener) => {
        listeners.add(listener)
        return () => listeners.delete(listener)
      },
    },
    focus,
  })
  const push = (message: PushMessage) => {
    for (const listener of listeners) listener(message)
  }
  return { push, focus, stop, listeners }
}

describe('escalation notifications', () => {
  beforeEach(() => {
    fake.Notification.shown = []
    fake.Notification.supported = true
  })

  it('say a call escalated, without any PHI part', () => {
    const notice = escalationNotice(escalation)
    expect(notice.title).toBe('Call escalated')
    expect(notice.body).toContain('trigger: caller')
    const text = `${notice.title} ${notice.body}`
    for (const phi of ['+1 555 0100', 'chest pain', 'CA123']) expect(text).not.toContain(phi)
  })

  it('leave out a trigger that is not a plain enum value', () => {
    const notice = escalationNotice({ ...escalation, trigger: 'Jane Doe, DOB 1970-01-01' })
    expect(notice.body).not.toContain('Jane')
    expect(notice.body).toBe('A caller needs a human. Open the escalation inbox.')
  })

  it('show one OS notification per escalation raised; a click brings the app forward', () => {
    const { push, focus } = setup()
    push({ event: 'escalations.changed', payload: [escalation] })
    expect(fake.Notification.shown).toHaveLength(0)
    push({ event: 'escalation.raised', payload: escalation })
    expect(fake.Notification.shown).toHaveLength(1)
    const [notification] = fake.Notification.shown
    expect(notification?.options.title).toBe('Call escalated')
    expect(JSON.stringify(notification?.options)).not.toContain('555')
    notification?.emit('click')
    expect(focus).toHaveBeenCalledTimes(1)
  })

  it('show nothing where the OS has no notifications, and stop when told', () => {
    const { push, stop, listeners } = setup()
    fake.Notification.supported = false
    push({ event: 'escalation.raised', payload: escalation })
    expect(fake.Notification.shown).toHaveLength(0)
    stop()
    expect(listeners.size).toBe(0)
  })
})

describe('storage notifications', () => {
  beforeEach(() => {
    fake.Notification.shown = []
    fake.Notification.supported = true
  })

  const health = (storage: RecordingHealth['storage']): PushMessage => ({
    event: 'recording.health',
    payload: { storage, observers: { state: 'observing' } },
  })
  const failing = (waiting: number) =>
    health({
      state: 'failing',
      message: 'The disk that holds the database /data/sessions.db is full: free some space on it.',
      waiting,
      since: 1,
    })

  it('say once that events are not being saved, and again only after it recovered', () => {
    const { push } = setup()
    push(failing(10))
    push(failing(500))
    expect(fake.Notification.shown.map((n) => n.options)).toEqual([
      {
        title: 'Events are not being saved',
        body: 'The disk that holds the database /data/sessions.db is full: free some space on it.',
      },
    ])
    push(health({ state: 'saving' }))
    push(failing(3))
    expect(fake.Notification.shown).toHaveLength(2)
  })
})
