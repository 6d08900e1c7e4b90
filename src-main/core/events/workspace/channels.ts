import { z } from 'zod'
import { clinicalText, id, phi, workspaceEvent } from '../fields'

// Spec 2.5, "Channel events (email / voicemail)". Every recipient address is PHI.

const outboundEmail = {
  email_id: z.string(),
  from_address: z.string(),
  to_address: phi(z.string()),
}

const emailEngagement = {
  email_id: z.string(),
  to_address: phi(z.string()),
}

export const channelEvents = [
  workspaceEvent('channel.email_delivered', outboundEmail),
  workspaceEvent('channel.email_bounced', {
    ...outboundEmail,
    bounce_subtype: z.string().nullish(),
    bounce_type: z.string().nullish(),
  }),
  workspaceEvent('channel.email_complained', outboundEmail),
  workspaceEvent('channel.email_rejected', outboundEmail),
  workspaceEvent('channel.email_delayed', outboundEmail),
  workspaceEvent('channel.email_opened', emailEngagement),
  workspaceEvent('channel.email_clicked', emailEngagement),
  workspaceEvent('channel.email_received', {
    from_address: phi(z.string()),
    in_reply_to_email_id: z.string(),
    inbound_email_id: z.string(),
    // A patient's reply: its subject line is their own words.
    subject: clinicalText(z.string()),
    to_address: phi(z.string()),
  }),
  workspaceEvent('channel.voicemail_status', {
    recipient_phone_number: phi(z.string()),
    status: z.enum(['delivered', 'skipped', 'failed', 'not_delivered']),
    voicemail_id: id(),
  }),
] as const
