import type { Person } from '../people'
import type { Random } from '../random'
import type { Exchange, Facts, ToolSpec } from './types'

/** Fills `{name}` placeholders from the facts; an unknown placeholder is a content bug. */
export function fill(template: string, facts: Facts): string {
  return template.replace(/\{([a-z_]+)\}/g, (_, key: string) => {
    const value = facts[key]
    if (value === undefined) throw new Error(`dialogue template names an unknown fact {${key}}`)
    return value
  })
}

export const CLINIC = 'Larkspur Family Health'
export const AGENT_NAME = 'Ava'
/** The number callers are told to call back on, as the agent says it. */
export const CLINIC_PHONE_SPOKEN = '555-555-0100'

const PROVIDERS = ['Dr. Okafor', 'Dr. Lindgren', 'Dr. Castellanos', 'Dr. Moreau', 'Dr. Nakamura']
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday']
const TIMES = ['8:40 AM', '9:15 AM', '10:30 AM', '11:45 AM', '1:20 PM', '2:15 PM', '3:30 PM']

/** Facts every call has, whatever its service. */
export function commonFacts(rng: Random, person: Person): Record<string, string> {
  return {
    first: person.first,
    name: person.name,
    dob: person.dateOfBirth.spoken,
    dob_iso: person.dateOfBirth.iso,
    agent: AGENT_NAME,
    clinic: CLINIC,
    clinic_phone: CLINIC_PHONE_SPOKEN,
    provider: rng.pick(PROVIDERS),
    day: rng.pick(WEEKDAYS),
    time: rng.pick(TIMES),
    patient_id: `pt_${rng.hex(10)}`,
  }
}

export const fillers = {
  empathy: [
    'I hear you.',
    "I completely understand, and I'm sorry you're dealing with this.",
    "That sounds stressful — I'll do my best to help.",
    'Thank you for bearing with me.',
  ],
  receipt: ['Got it.', 'Okay.', 'Mm-hm, okay.', 'Thank you.'],
  retry: [
    "Sorry, that's taking longer than usual — let me try once more.",
    'Hmm, the system didn’t respond. One more try.',
  ],
} as const

/** What the agent says when a tool failed twice and it cannot finish the task. */
export const callbackPromise = [
  "I'm not able to reach our system right now. I've made a note on your chart, and a team member will call you back today to finish this — I'm sorry for the hassle.",
  "Our system isn't responding at the moment, so I've flagged this for the team. Someone will call you back within the hour to wrap it up.",
]

/** The agent's line when an escalation finds every operator busy. */
export const noOperatorFree = [
  "Everyone on our team is helping other patients right now, so I've asked for a call back as soon as someone's free — usually within the hour. In the meantime, let's finish what we can.",
]

/** The agent's line while the caller waits for an operator. */
export const holdLines = [
  'Thanks for holding, {first} — someone will be with you in just a moment.',
  "I'm still here, {first}. A team member is joining shortly.",
]

export const lookupPatient: ToolSpec = {
  name: 'lookup_patient',
  integration: 'ehr_gateway',
  endpoint: 'patients.search',
  protocol: 'https',
  input: (f) => ({ full_name: f.name, date_of_birth: f.dob_iso }),
  output: (f) =>
    JSON.stringify({ patient_id: f.patient_id, match: 'exact', preferred_name: f.first }),
  durationMs: [180, 900],
  fillers: ['Let me pull up your record.', 'One moment while I find you in our system.'],
  errors: ['ehr_gateway: upstream timeout after 3000 ms', 'ehr_gateway: 503 Service Unavailable'],
}

/**
 * Intake and identity check, the same on every line: the caller gives a name, then a date of
 * birth, the agent looks the chart up and moves to the service's work with `found`.
 */
export function identityCheck(found: readonly string[], taskState: string): Exchange[] {
  return [
    {
      caller: ["It's {name}.", 'Sure, {name}.', 'My name is {name}.'],
      action: 'collect_identity',
      to: 'identity_check',
      agent: [
        'Thank you, {first}. And can you confirm your date of birth?',
        'Thanks, {first}. What’s your date of birth?',
      ],
    },
    {
      caller: ["It's {dob}.", '{dob}.', 'Um, {dob}.'],
      action: 'verify_identity',
      to: taskState,
      tool: lookupPatient,
      agent: found,
    },
  ]
}

/** Anything else? No — goodbye. Every inbound call that finishes normally ends with these. */
export const closing: readonly Exchange[] = [
  {
    caller: ['Okay, thank you.', 'Alright, thanks so much.', "Okay, that's helpful."],
    action: 'offer_more_help',
    agent: [
      "You're welcome! Is there anything else I can help you with today?",
      'Happy to help. Is there anything else I can do for you?',
    ],
  },
  {
    caller: ["No, that's everything.", "Nope, that's all. Thanks!", "That's it, thank you."],
    action: 'end_call',
    to: 'goodbye',
    agent: [
      'Thanks for calling {clinic}, {first}. Take care!',
      'You’re all set, {first}. Have a wonderful day — goodbye!',
    ],
  },
]

/** The same for calls the agent placed: the caller did not call, so no "thanks for calling". */
export const outboundClosing: readonly Exchange[] = [
  {
    caller: ['Okay, thank you.', 'Alright, thanks for the reminder.', 'Great, thanks.'],
    action: 'offer_more_help',
    agent: ['Of course! Is there anything else I can help you with while I have you?'],
  },
  {
    caller: ["No, that's all.", "Nope, I'm good. Thanks!"],
    action: 'end_call',
    to: 'goodbye',
    agent: ['Thanks for your time, {first}. Have a great day — goodbye!'],
  },
]
