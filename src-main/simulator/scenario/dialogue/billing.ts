import type { Person } from '../people'
import type { Random } from '../random'
import { closing, commonFacts, identityCheck } from './common'
import type { ServiceDialogue, ToolSpec } from './types'

// The billing line: statements callers do not understand, payment plans, disputes.

const getStatement: ToolSpec = {
  name: 'get_statement',
  integration: 'billing_ledger',
  endpoint: 'statements.get',
  protocol: 'https',
  input: (f) => ({ patient_id: f.patient_id, date_of_service: f.visit_date }),
  output: (f) =>
    JSON.stringify({
      statement_id: f.statement_id,
      insurance_paid: f.insurance_paid,
      patient_responsibility: f.balance,
      reason: 'deductible',
    }),
  durationMs: [300, 1400],
  fillers: ['Let me open that statement.', 'One moment while I find that visit.'],
  errors: ['billing_ledger: 504 Gateway Timeout', 'billing_ledger: statement index unavailable'],
}

const createPaymentPlan: ToolSpec = {
  name: 'create_payment_plan',
  integration: 'billing_ledger',
  endpoint: 'payment_plans.create',
  protocol: 'https',
  input: (f) => ({ statement_id: f.statement_id, installments: f.plan_months, interest: 0 }),
  output: (f) => JSON.stringify({ plan_id: `pp_${f.statement_id}`, monthly: f.monthly }),
  durationMs: [400, 1500],
  fillers: ['Setting that up now.', "Okay, I'm creating the plan."],
  errors: ['payment processor declined: invalid plan term', 'billing_ledger: 502 Bad Gateway'],
}

// [balance, months, monthly payment]: consistent, so the agent's arithmetic holds up.
const BALANCES = [
  ['$184.20', 'three', '$61.40'],
  ['$312.60', 'six', '$52.10'],
  ['$96.45', 'three', '$32.15'],
] as const

function facts(rng: Random, person: Person): Record<string, string> {
  const [balance, months, monthly] = rng.pick(BALANCES)
  return {
    ...commonFacts(rng, person),
    balance,
    plan_months: months,
    monthly,
    insurance_paid: rng.pick(['$412.00', '$238.75', '$1,040.10']),
    visit_date: rng.pick(['October 14th', 'September 30th', 'November 2nd']),
    visit_kind: rng.pick(['annual physical', 'urgent care visit', 'lab work']),
    statement_id: `st_${rng.hex(10)}`,
  }
}

export const billing: ServiceDialogue = {
  info: {
    key: 'billing',
    id: '8e4b1d6f-3c2a-4b9e-a7d5-1f0e2c3b4a59',
    name: 'Billing questions',
    states: [
      'greeting',
      'intake',
      'identity_check',
      'account_review',
      'payment_options',
      'confirmation',
      'goodbye',
    ],
  },
  weight: 20,
  facts,
  inbound: {
    greeting: [
      'Thank you for calling {clinic} billing. This is {agent}, a virtual assistant. How can I help you today?',
    ],
    opening: [
      {
        caller: [
          "Hi, I got a bill I don't understand.",
          'Hi — I have a question about a statement I received.',
          "I'm calling about my bill.",
        ],
        upset: ['I just got a bill for {balance}, and I thought my insurance covered this.'],
        action: 'identify_intent',
        to: 'intake',
        agent: [
          "I can help you with that. What's your full name?",
          "I'm happy to look into it. Can I have your full name first?",
        ],
      },
      ...identityCheck(
        [
          "Thanks, {first}. I've got your account. Which statement are you calling about?",
          'Thank you, {first}, I found your account. Which visit is the bill for?',
        ],
        'account_review',
      ),
    ],
    task: [
      {
        caller: [
          'The one from my {visit_kind} on {visit_date}.',
          "It's for {visit_date}, the {visit_kind}.",
        ],
        action: 'explain_statement',
        tool: getStatement,
        agent: [
          'I see it. For your {visit_kind} on {visit_date}, insurance paid {insurance_paid}, and the remaining {balance} went toward your deductible. Deductibles reset in January, so this is common early in the plan year.',
        ],
      },
      {
        caller: ['Okay. Is there any way to split it up?', 'Can I do a payment plan?'],
        upset: ["I can't pay all that at once. Is there a payment plan or something?"],
        action: 'offer_payment_plan',
        to: 'payment_options',
        agent: [
          'Yes — we can split {balance} into {plan_months} monthly payments of {monthly}, with no interest. Would you like to set that up?',
        ],
      },
      {
        caller: ["Yes, let's do that.", 'Yes, please.', 'That would help, yes.'],
        action: 'create_payment_plan',
        to: 'confirmation',
        tool: createPaymentPlan,
        agent: [
          "You're all set: {plan_months} payments of {monthly}, the first on the first of next month. I'll email the details to the address on file.",
        ],
      },
    ],
    closing,
  },
  escalations: [
    {
      trigger: 'caller',
      reason: 'Caller disputes a duplicate charge and asked for a person',
      skill: 'billing',
      caller: [
        'I was charged twice for the same visit, and I want to talk to a real person about it.',
      ],
      agent: [
        "I'm sorry about that — a duplicate charge needs a person to review. I'm bringing in a billing specialist now.",
      ],
      conversation: [
        [
          'operator',
          [
            "Hi {first}, this is {operator_first} in billing. I'm looking at your account — you're right, the {visit_date} visit was posted twice.",
          ],
        ],
        ['caller', ['I knew it. Can you take it off?']],
        [
          'operator',
          [
            "Yes. I've reversed the duplicate, so your balance is now {balance}, and you'll get a corrected statement in a few days.",
          ],
        ],
        ['caller', ['Great. Thanks for fixing that.']],
      ],
      handBack: ['{agent} can email you the corrected statement. Thanks, {first}.'],
      agentResumes: [
        "Thanks, {operator_first}. {first}, I'll email the corrected statement showing {balance} to the address on file. Does that sound right?",
      ],
      operatorGoodbye: ["That's all fixed, {first}. Have a good day."],
      wrapUpReasons: ['duplicate_charge_reversed', 'resolved'],
    },
    {
      trigger: 'ai',
      reason: 'Financial hardship disclosed; routed to a financial counselor',
      skill: 'billing',
      caller: [
        "Honestly, I lost my job last month. I don't know how I'm supposed to pay any of this.",
      ],
      agent: [
        "I'm really sorry to hear that. We have financial assistance programs, and a financial counselor can walk you through them — I'm connecting you now.",
      ],
      conversation: [
        [
          'operator',
          [
            "Hi {first}, I'm {operator_first}, a financial counselor. I'm sorry about your job — let's see what we can do.",
          ],
        ],
        ['caller', ["Thank you. I just don't want this to go to collections."]],
        [
          'operator',
          [
            "It won't. I've paused the account for sixty days, and I'm sending you our financial assistance application — most people in your situation qualify for a reduced balance.",
          ],
        ],
        ['caller', ["That's a relief. Thank you."]],
      ],
      handBack: ['{agent} will send the application to your email. Take care, {first}.'],
      agentResumes: [
        "Thanks, {operator_first}. {first}, I've emailed you the application, and your account is paused for sixty days. Does that sound okay?",
      ],
      operatorGoodbye: ["Watch for that email, {first}. We'll take it from here."],
      wrapUpReasons: ['financial_assistance_referral', 'account_paused'],
    },
  ],
  forward: {
    caller: [
      'Actually, this one is from the hospital, not the clinic — the ER visit. Can you help with that?',
    ],
    agent: [
      "Hospital bills are handled by Larkspur General's patient financial services. I'll transfer you there now — one moment.",
    ],
    locationName: 'Larkspur General Hospital — Patient Financial Services',
    failed: [
      "I'm sorry — their office isn't answering right now. Their hours are 8 to 5, and I'll text you their direct number.",
    ],
  },
}
