import type { Random } from '../random'
import type { Person } from '../people'
import { closing, commonFacts, identityCheck, lookupPatient, outboundClosing } from './common'
import type { ServiceDialogue, ToolSpec } from './types'

// The scheduling line: patients rescheduling, and the reminder calls the agent places.

const findOpenSlots: ToolSpec = {
  name: 'find_open_slots',
  integration: 'scheduling_api',
  endpoint: 'slots.search',
  protocol: 'https',
  input: (f) => ({ patient_id: f.patient_id, provider: f.provider, preferred_day: f.new_day }),
  output: (f) =>
    JSON.stringify({
      slots: [
        { day: f.new_day, time: f.new_time, location: f.location },
        { day: f.new_day, time: f.alt_time, location: f.location },
      ],
    }),
  durationMs: [300, 1600],
  fillers: ["Let me check {provider}'s calendar.", 'One moment while I look for openings.'],
  errors: ['scheduling_api: 504 Gateway Timeout', 'scheduling_api: rate limited (429)'],
}

const rescheduleAppointment: ToolSpec = {
  name: 'reschedule_appointment',
  integration: 'scheduling_api',
  endpoint: 'appointments.reschedule',
  protocol: 'https',
  input: (f) => ({
    patient_id: f.patient_id,
    from: `${f.day} ${f.time}`,
    to: `${f.new_day} ${f.new_time}`,
  }),
  output: (f) =>
    JSON.stringify({ appointment_id: f.appointment_id, status: 'rescheduled', sms: 'queued' }),
  durationMs: [400, 1800],
  fillers: ['Okay, booking that now.', 'Let me lock that in for you.'],
  errors: ['scheduling_api: slot no longer available (409)', 'scheduling_api: 502 Bad Gateway'],
}

const confirmAppointment: ToolSpec = {
  name: 'confirm_appointment',
  integration: 'scheduling_api',
  endpoint: 'appointments.confirm',
  protocol: 'https',
  input: (f) => ({ appointment_id: f.appointment_id, channel: 'voice' }),
  output: (f) => JSON.stringify({ appointment_id: f.appointment_id, status: 'confirmed' }),
  durationMs: [200, 700],
  fillers: ['Let me mark that as confirmed.'],
  errors: ['scheduling_api: 503 Service Unavailable'],
}

function facts(rng: Random, person: Person): Record<string, string> {
  const common = commonFacts(rng, person)
  return {
    ...common,
    // Moving an appointment to the day it already is would make no sense.
    new_day: rng.pick(
      ['Tuesday', 'Wednesday', 'Thursday', 'Friday'].filter((d) => d !== common.day),
    ),
    new_time: rng.pick(['1:45 PM', '2:15 PM', '3:00 PM']),
    alt_time: rng.pick(['3:30 PM', '4:10 PM']),
    same_day_time: rng.pick(['11:20 this morning', '1:40 this afternoon']),
    location: rng.pick(['Main Street', 'Riverside', 'Northgate']),
    appointment_id: `appt_${rng.hex(10)}`,
  }
}

export const scheduling: ServiceDialogue = {
  info: {
    key: 'scheduling',
    id: '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b',
    name: 'Appointment scheduling',
    states: ['greeting', 'intake', 'identity_check', 'scheduling', 'confirmation', 'goodbye'],
  },
  weight: 45,
  facts,
  inbound: {
    greeting: [
      'Thank you for calling {clinic}. This is {agent}, the virtual assistant — how can I help you today?',
      "Hi, you've reached {clinic} scheduling. I'm {agent}, a virtual assistant. What can I do for you?",
    ],
    opening: [
      {
        caller: [
          'Hi, I need to reschedule my appointment with {provider}.',
          "Hi — I have an appointment on {day} and I can't make it anymore.",
          'Yeah, hi, I need to move my appointment.',
        ],
        upset: [
          "Hi. I got a text that my appointment was moved again, and the new time doesn't work for me.",
        ],
        action: 'identify_intent',
        to: 'intake',
        agent: [
          'I can help you reschedule. Can I get your full name, please?',
          "Sure, I can take care of that. First, what's your full name?",
        ],
      },
      ...identityCheck(
        [
          "Thanks, {first} — I found your chart. I see you're booked with {provider} on {day} at {time}. When would work better for you?",
          "Thank you. You're currently scheduled with {provider} on {day} at {time}. What day works better?",
        ],
        'scheduling',
      ),
    ],
    task: [
      {
        caller: [
          'Do you have anything next week? {new_day} afternoon would be best.',
          'Is there anything later in the week, maybe {new_day}?',
          'Something in the afternoon, if possible — I work mornings.',
        ],
        upset: ["Honestly, anything that won't get cancelled. I've already taken time off twice."],
        action: 'search_slots',
        tool: findOpenSlots,
        agent: [
          '{provider} has {new_day} at {new_time} or {alt_time}. I also have an opening the following Monday morning, if that is easier. Which would you prefer?',
          'I have two options with {provider} on {new_day}: {new_time} or {alt_time}. Both are at our {location} office. Would either of those work?',
        ],
      },
      {
        caller: [
          '{new_time} works.',
          "Let's do {new_day} at {new_time}.",
          'The {new_time} one, please.',
        ],
        action: 'book_appointment',
        to: 'confirmation',
        tool: rescheduleAppointment,
        agent: [
          "Done — you're now booked with {provider} on {new_day} at {new_time} at our {location} office. I'll text you a confirmation shortly.",
          "All set. Your appointment is moved to {new_day} at {new_time} with {provider}. You'll get a confirmation text in a minute.",
        ],
      },
      {
        caller: [
          'Oh — do I need to bring anything? My insurance changed last month.',
          'Is that the {location} office? I always mix them up.',
        ],
        action: 'answer_question',
        chance: 0.4,
        agent: [
          "Yes, it's the {location} office. Please bring your new insurance card, and we'll update it at check-in.",
          "It's at {location}, and do bring the new card — the front desk will update your coverage when you arrive.",
        ],
      },
    ],
    closing,
  },
  outbound: {
    greeting: [
      'Hi, this is {agent}, the virtual assistant from {clinic}, calling for {first}. Is this {first}?',
    ],
    voicemail: [
      'Hi, this message is for {first}. This is {agent}, the virtual assistant from {clinic}, with a reminder about your appointment with {provider} on {day} at {time}. If you need to reschedule, please call us at {clinic_phone}. Thank you!',
    ],
    opening: [
      {
        caller: [
          'Yes, speaking.',
          "This is {first}, yes. Who's calling?",
          'Yeah, this is {first}.',
        ],
        action: 'confirm_party',
        to: 'identity_check',
        agent: ['Great! To protect your privacy, can you confirm your date of birth?'],
      },
      {
        caller: ["It's {dob}.", '{dob}.'],
        action: 'verify_identity',
        to: 'scheduling',
        tool: lookupPatient,
        agent: [
          "Thank you. I'm calling to remind you about your appointment with {provider} on {day} at {time}. Will you be able to make it?",
        ],
      },
    ],
    task: [
      {
        caller: [
          "Yes, I'll be there.",
          "Yep, I've got it on my calendar.",
          'Yes — same place as last time?',
        ],
        action: 'confirm_appointment',
        to: 'confirmation',
        tool: confirmAppointment,
        agent: [
          "Wonderful — you're confirmed. It's at our {location} office; please arrive about fifteen minutes early and bring your insurance card.",
        ],
      },
    ],
    closing: outboundClosing,
  },
  escalations: [
    {
      trigger: 'caller',
      reason: 'Caller asked for a person after repeated rescheduling',
      skill: 'front_desk',
      caller: [
        "This is the third time my appointment's been moved. Can I please just talk to a real person?",
      ],
      agent: [
        "I understand, and I'm sorry it's been moved so many times. I'm bringing someone from our front desk onto the line now — please stay with me.",
      ],
      conversation: [
        [
          'operator',
          [
            "Hi {first}, this is {operator_first} at the front desk. I'm so sorry about all the back and forth — I can see both cancellations on your chart.",
          ],
        ],
        ['caller', ["Thank you. I just need a time that won't get moved again."]],
        [
          'operator',
          [
            "Completely fair. I'm putting you in {provider}'s held slot on {new_day} at {new_time} — those don't get bumped.",
          ],
        ],
        ['caller', ['Okay. Okay, that works. Thank you.']],
      ],
      handBack: [
        "I'll hand you back to {agent} to send the confirmation. Thanks for your patience, {first}.",
      ],
      agentResumes: [
        "Thanks, {operator_first}. {first}, I've sent a confirmation for {new_day} at {new_time} to the number on file. Does that all sound right?",
      ],
      operatorGoodbye: ["You're all set, {first}. Take care — bye now."],
      wrapUpReasons: ['rescheduled_to_held_slot', 'resolved'],
    },
    {
      trigger: 'ai',
      reason: 'Possible urgent symptom (chest tightness) mentioned during scheduling',
      skill: 'nurse',
      caller: [
        "Oh, and I've had some chest tightness since yesterday. Is that something I should mention at the visit?",
      ],
      agent: [
        "Chest tightness is something our nurse should talk through with you right now. I'm bringing a nurse onto the line — please stay with me.",
      ],
      conversation: [
        [
          'operator',
          [
            'Hi {first}, this is {operator_first}, one of the nurses. Can you tell me more about the tightness — is it there right now?',
          ],
        ],
        ['caller', ['It comes and goes. Mostly when I climb the stairs.']],
        [
          'operator',
          [
            "Okay. Because it's happening with exertion, I'd like you seen today — I've booked you into our same-day clinic at {same_day_time}. If it gets worse or you feel short of breath, call 911 right away.",
          ],
        ],
        ['caller', ['Okay, I will. Thank you for taking it seriously.']],
      ],
      handBack: ["I'm handing you back to {agent} for the visit details. Take care, {first}."],
      agentResumes: [
        "Thanks, {operator_first}. {first}, you're booked in the same-day clinic at {same_day_time}, and I've kept your regular visit as well. Does that sound okay?",
      ],
      operatorGoodbye: ['See you at {same_day_time}, {first}. Goodbye for now.'],
      wrapUpReasons: ['same_day_visit_booked', 'clinical_follow_up'],
    },
  ],
  forward: {
    caller: [
      'Actually, I also need to book the MRI {provider} ordered. Is that something you can do?',
      'Can you also schedule my mammogram, or is that a different department?',
    ],
    agent: [
      "Imaging is scheduled by our imaging center directly. I'll transfer you to Larkspur Imaging on Northgate Avenue now — one moment.",
    ],
    locationName: 'Larkspur Imaging — Northgate',
    failed: [
      "I'm sorry — the imaging center isn't picking up right now. I'll text you their direct number so you can reach them later.",
    ],
  },
}
