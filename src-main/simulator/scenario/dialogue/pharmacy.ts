import type { Person } from '../people'
import type { Random } from '../random'
import { closing, commonFacts, identityCheck, lookupPatient, outboundClosing } from './common'
import type { ServiceDialogue, ToolSpec } from './types'

// The pharmacy refill line: refill requests, and "your prescription is ready" calls.

const getPrescriptions: ToolSpec = {
  name: 'get_active_prescriptions',
  integration: 'pharmacy_network',
  endpoint: 'prescriptions.list',
  protocol: 'https',
  input: (f) => ({ patient_id: f.patient_id, status: 'active' }),
  output: (f) =>
    JSON.stringify({
      prescriptions: [{ rx: f.rx, drug: f.medication, refills_remaining: f.refills_left }],
    }),
  durationMs: [250, 1200],
  fillers: ['Let me look at your prescriptions.', 'One moment — pulling up your medication list.'],
  errors: ['pharmacy_network: 504 Gateway Timeout', 'pharmacy_network: connection reset'],
}

const submitRefill: ToolSpec = {
  name: 'submit_refill_request',
  integration: 'pharmacy_network',
  endpoint: 'refills.create',
  protocol: 'https',
  input: (f) => ({ rx: f.rx, pharmacy: f.pharmacy, patient_id: f.patient_id }),
  output: (f) => JSON.stringify({ refill_id: f.refill_id, status: 'queued', ready: f.ready_time }),
  durationMs: [500, 2200],
  fillers: ['Okay, sending that to the pharmacy now.', 'Let me submit that for you.'],
  errors: [
    'pharmacy_network: rejected by payer (prior authorization required)',
    'pharmacy_network: 503 Service Unavailable',
  ],
}

const updateFulfillment: ToolSpec = {
  name: 'update_fulfillment',
  integration: 'pharmacy_network',
  endpoint: 'orders.update',
  protocol: 'mcp',
  input: (f) => ({ rx: f.rx, method: 'pickup', hold_days: 10 }),
  output: (f) => JSON.stringify({ rx: f.rx, status: 'held_for_pickup' }),
  durationMs: [200, 800],
  fillers: ['Let me note that on your order.'],
  errors: ['pharmacy_network: order locked by another session'],
}

const MEDICATIONS = [
  ['lisinopril', 'lisinopril 10 milligrams'],
  ['metformin', 'metformin 500 milligrams'],
  ['atorvastatin', 'atorvastatin 20 milligrams'],
  ['levothyroxine', 'levothyroxine 75 micrograms'],
  ['sertraline', 'sertraline 50 milligrams'],
] as const

function facts(rng: Random, person: Person): Record<string, string> {
  const [short, full] = rng.pick(MEDICATIONS)
  return {
    ...commonFacts(rng, person),
    med_short: short,
    medication: full,
    rx: rng.digits(7),
    refill_id: `rf_${rng.hex(10)}`,
    refills_left: rng.pick(['two', 'three', 'one']),
    pharmacy: rng.pick(['Main Street', 'Elm Park']),
    ready_time: rng.pick(['after 3 PM today', 'tomorrow morning', 'by 5 PM today']),
    copay: rng.pick(['$4', '$10', '$12.50']),
  }
}

export const pharmacy: ServiceDialogue = {
  info: {
    key: 'pharmacy',
    id: '2a9d4c7e-8b1f-4e3a-9c5d-6f7a8b9c0d1e',
    name: 'Pharmacy refills',
    states: [
      'greeting',
      'intake',
      'identity_check',
      'medication_review',
      'refill_request',
      'confirmation',
      'goodbye',
    ],
  },
  weight: 35,
  facts,
  inbound: {
    greeting: [
      'Thanks for calling the {clinic} pharmacy line. This is {agent}, a virtual assistant. How can I help?',
    ],
    opening: [
      {
        caller: [
          'Hi, I need a refill on my {med_short}.',
          "Hi — I'm almost out of my pills and need a refill.",
          "Yeah, hi, I'm calling about a refill.",
        ],
        upset: ["I've been trying to get this refill for days and I'm almost out."],
        action: 'identify_intent',
        to: 'intake',
        agent: [
          "I can help with a refill. What's your full name?",
          "Sure thing. Let's start with your full name, please.",
        ],
      },
      ...identityCheck(
        [
          "Thank you, {first} — I've got your chart. Which medication do you need refilled?",
          'Thanks, {first}. I found you. Which prescription is this for?',
        ],
        'medication_review',
      ),
    ],
    task: [
      {
        caller: [
          'The {med_short}. {medication}.',
          "It's the {med_short}.",
          'My {med_short}, please.',
        ],
        upset: ["The {med_short} — the one I've asked about three times now."],
        action: 'review_medication',
        to: 'refill_request',
        tool: getPrescriptions,
        agent: [
          'I see {medication}, prescribed by {provider}, with {refills_left} refills remaining. Would you like it sent to our {pharmacy} pharmacy, like last time?',
        ],
      },
      {
        caller: ['Yes, {pharmacy} is fine.', 'Yes please, same pharmacy.', 'Yep, {pharmacy}.'],
        action: 'submit_refill',
        to: 'confirmation',
        tool: submitRefill,
        agent: [
          "Done — your refill of {medication} is in, and it should be ready {ready_time} at {pharmacy}. You'll get a text when it's ready.",
        ],
      },
      {
        caller: ['Will my copay be the same as last time?', 'Is insurance still covering it?'],
        action: 'answer_question',
        chance: 0.35,
        agent: [
          'Yes — your plan covers it the same way, so your copay should be {copay}, like last time.',
        ],
      },
    ],
    closing,
  },
  outbound: {
    greeting: [
      'Hi, this is {agent}, the virtual assistant from the {clinic} pharmacy, calling for {first}. Is this {first}?',
    ],
    voicemail: [
      'Hi, this message is for {first}. This is {agent} from the {clinic} pharmacy — your prescription is ready for pickup at our {pharmacy} location. Questions? Call us at {clinic_phone}. Thank you!',
    ],
    opening: [
      {
        caller: ['Yes, this is {first}.', "Speaking. What's this about?"],
        action: 'confirm_party',
        to: 'identity_check',
        agent: ['Thanks! Before I go on, can you confirm your date of birth for me?'],
      },
      {
        caller: ['{dob}.', "Sure — it's {dob}."],
        action: 'verify_identity',
        to: 'refill_request',
        tool: lookupPatient,
        agent: [
          'Thank you. Your refill of {medication} is ready at our {pharmacy} location. Should we hold it for pickup?',
        ],
      },
    ],
    task: [
      {
        caller: ["Yes, I'll pick it up tomorrow.", 'Yes please, hold it. I can come Friday.'],
        action: 'arrange_pickup',
        to: 'confirmation',
        tool: updateFulfillment,
        agent: ["Got it — we'll hold it for ten days at {pharmacy}. Your copay is {copay}."],
      },
    ],
    closing: outboundClosing,
  },
  escalations: [
    {
      trigger: 'ai',
      reason: 'Reported dizziness and a near-fall after a dose change',
      skill: 'nurse',
      caller: ["Also — since the dose went up I've been really dizzy. I almost fell this morning."],
      agent: [
        "I'm sorry, that sounds scary. Dizziness after a dose change is something our nurse should hear about right away — I'm connecting you with a nurse now. Please stay on the line.",
      ],
      conversation: [
        [
          'operator',
          [
            "Hi {first}, this is {operator_first}, a nurse here. I'm sorry you're feeling dizzy — are you sitting down somewhere safe right now?",
          ],
        ],
        ['caller', ["Yes, I'm sitting. It's mostly when I stand up fast."]],
        [
          'operator',
          [
            "Okay, thank you. That can happen with the higher dose of {med_short}. I'm messaging {provider} now; until you hear back, stand up slowly and keep drinking water. If you faint or have chest pain, call 911.",
          ],
        ],
        ['caller', ['Okay. Thank you — that really helps.']],
      ],
      handBack: [
        "I'll pass you back to {agent} to sort out the refill, and {provider}'s office will call you today.",
      ],
      agentResumes: [
        "Thanks, {operator_first}. {first}, I've put the refill on hold until {provider} reviews the dose, and you'll get a call today. Does that work for you?",
      ],
      operatorGoodbye: [
        'Take it easy today, {first}. Someone will call you this afternoon. Bye now.',
      ],
      wrapUpReasons: ['provider_message_sent', 'clinical_follow_up'],
    },
    {
      trigger: 'caller',
      reason: 'Caller asked for a person after repeated insurance rejections',
      skill: 'pharmacy',
      caller: [
        "The insurance keeps rejecting it and I've been out for three days. Can I talk to someone, please?",
      ],
      agent: [
        "I'm so sorry — three days without it is not okay. Let me get someone from our pharmacy team on the line right now.",
      ],
      conversation: [
        [
          'operator',
          [
            'Hi {first}, this is {operator_first} from the pharmacy. I can see the rejection — your plan wants a prior authorization for the new strength.',
          ],
        ],
        ['caller', ['Nobody told me that. What do I do?']],
        [
          'operator',
          [
            "You don't need to do anything. I'm sending the request to {provider} now, and I'm giving you a three-day emergency supply today at no charge.",
          ],
        ],
        ['caller', ['Oh, thank goodness. Thank you so much.']],
      ],
      handBack: ['{agent} will confirm the pickup details with you. Hang in there, {first}.'],
      agentResumes: [
        'Thanks, {operator_first}. {first}, the emergency supply will be ready at {pharmacy} within the hour. Does that work?',
      ],
      operatorGoodbye: ["It'll be ready within the hour, {first}. Take care."],
      wrapUpReasons: ['emergency_supply_issued', 'prior_auth_requested'],
    },
  ],
  forward: {
    caller: [
      'Actually, can I talk to a pharmacist about a compounded cream? My dermatologist wants it made specially.',
    ],
    agent: [
      "Compounding questions go to our pharmacists directly. I'll transfer you to the Main Street pharmacy counter now — one moment.",
    ],
    locationName: 'Larkspur Pharmacy — Main Street counter',
    failed: [
      "I'm sorry — the pharmacy counter is busy right now. I've left them a note to call you back this afternoon.",
    ],
  },
}
