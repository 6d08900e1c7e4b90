import { SERVICES } from '../dialogue'
import { prefixedHex, prefixedUlid } from '../ids'
import { invent, phoneNumber } from '../people'
import type { Random } from '../random'
import type { Script } from '../script'
import type { Episode } from '../world'

// Channels other than voice calls: emails and their delivery events, ringless voicemail, and text
// (SMS, web chat, WhatsApp) sessions with the agent.

/** How an outbound email's journey goes. */
export type EmailFate =
  'read_and_replied' | 'delayed_then_read' | 'delivered' | 'bounced' | 'rejected' | 'complained'

// Patients reply to these; the subjects carry emoji (4-byte UTF-8) as real ones do.
const SENDERS = [
  { from: 'reminders@example.com', subject: 'Re: Your appointment on Tuesday 📅' },
  { from: 'pharmacy@example.com', subject: 'Re: Your prescription is ready 💊 — pickup details' },
  { from: 'billing@example.com', subject: 'Re: Your statement from Larkspur Family Health 🧾' },
  { from: 'care-team@example.com', subject: 'Re: Après votre visite — merci, Dr. Moreau 🩺' },
] as const

const TEXT_CHANNELS = ['sms', 'web', 'whatsapp'] as const

/** One outbound email, its delivery events (linked by `email_id`), and perhaps a reply. */
export function emailJourney(fate: EmailFate): Episode {
  return (script, rng) => {
    sendEmail(script, rng, fate)
  }
}

/** An email with a fate drawn from how emails usually go. */
export const anyEmail: Episode = (script, rng) => {
  const fate = rng.weighted<EmailFate>([
    ['delivered', 30],
    ['read_and_replied', 30],
    ['delayed_then_read', 10],
    ['bounced', 12],
    ['rejected', 8],
    ['complained', 3],
  ])
  sendEmail(script, rng, fate)
}

function sendEmail(script: Script, rng: Random, fate: EmailFate): void {
  const sender = rng.pick(SENDERS)
  const recipient = invent(rng)
  const email = {
    email_id: prefixedUlid(rng, 'em'),
    from_address: sender.from,
    to_address: recipient.email,
  }
  switch (fate) {
    case 'bounced':
      script.wait(rng.between(2000, 20000)).workspace({
        event_type: 'channel.email_bounced',
        ...email,
        ...rng.pick([
          { bounce_type: 'Permanent', bounce_subtype: 'NoEmail' },
          { bounce_type: 'Transient', bounce_subtype: 'MailboxFull' },
        ]),
      })
      return
    case 'rejected':
      script.wait(rng.between(500, 3000))
      script.workspace({ event_type: 'channel.email_rejected', ...email })
      return
    case 'delayed_then_read':
      script.wait(rng.between(5000, 30000))
      script.workspace({ event_type: 'channel.email_delayed', ...email })
      script.wait(rng.between(30000, 120000))
      break
    case 'read_and_replied':
    case 'delivered':
    case 'complained':
      script.wait(rng.between(2000, 15000))
      break
  }
  script.workspace({ event_type: 'channel.email_delivered', ...email })
  if (fate === 'delivered') return
  if (fate === 'complained') {
    script.wait(rng.between(20000, 180000))
    script.workspace({ event_type: 'channel.email_complained', ...email })
    return
  }
  const engagement = { email_id: email.email_id, to_address: email.to_address }
  script.wait(rng.between(10000, 90000))
  script.workspace({ event_type: 'channel.email_opened', ...engagement })
  script.wait(rng.between(5000, 40000))
  script.workspace({ event_type: 'channel.email_clicked', ...engagement })
  if (fate === 'read_and_replied' || rng.chance(0.5)) {
    script.wait(rng.between(30000, 120000)).workspace({
      event_type: 'channel.email_received',
      inbound_email_id: prefixedUlid(rng, 'em'),
      in_reply_to_email_id: email.email_id,
      // The patient writes back: their address is the sender now.
      from_address: recipient.email,
      to_address: sender.from,
      subject: sender.subject,
    })
  }
}

/** A ringless voicemail drop and its status callback. */
export const voicemailDrop: Episode = (script, rng) => {
  script.wait(rng.between(1000, 8000)).workspace({
    event_type: 'channel.voicemail_status',
    voicemail_id: rng.uuid(),
    recipient_phone_number: phoneNumber(rng),
    status: rng.weighted([
      ['delivered', 70],
      ['not_delivered', 12],
      ['failed', 10],
      ['skipped', 8],
    ]),
  })
}

/**
 * A text conversation with the agent, from start to completion; when `updatesEncounter`, the
 * patient's encounter record is updated from it afterwards.
 */
export function textSession(updatesEncounter?: boolean): Episode {
  return (script, rng) => {
    converseByText(script, rng, updatesEncounter ?? rng.chance(0.5))
  }
}

function converseByText(script: Script, rng: Random, updatesEncounter: boolean): void {
  const service = rng.pick(SERVICES)
  const channel = rng.pick(TEXT_CHANNELS)
  const sessionId = prefixedHex(rng, 'txt')
  const completed = rng.chance(0.8)
  script.workspace({
    event_type: 'text.started',
    channel_kind: channel,
    entity_id: rng.uuid(),
    service_id: service.id,
    session_id: sessionId,
  })
  const durationMs = rng.between(40000, 240000)
  script.wait(durationMs).workspace({
    event_type: 'text.completed',
    channel_kind: channel,
    session_id: sessionId,
    duration_seconds: Math.round(durationMs / 100) / 10,
    turn_count: rng.int(3, 14),
    final_state: completed ? 'goodbye' : rng.pick(service.states.slice(1, -1)),
    completion_reason: completed ? 'completed' : rng.pick(['abandoned', 'timeout']),
  })
  if (!updatesEncounter) return
  script.wait(rng.between(2000, 10000)).workspace({
    event_type: 'encounter.updated',
    encounter_entity_id: rng.uuid(),
    session_id: sessionId,
  })
}
