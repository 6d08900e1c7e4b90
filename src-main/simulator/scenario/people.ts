import type { Random } from './random'

/**
 * Invented people. Every value is obviously synthetic PHI: phone numbers in the fictional 555
 * range, addresses at example.com, names made up. Many names carry non-ASCII letters on purpose,
 * so that clients splitting frames inside multi-byte UTF-8 characters have something to split.
 */
export interface Person {
  /** As the person would say it: "Zoë Müller". */
  name: string
  first: string
  phone: string
  email: string
  dateOfBirth: { spoken: string; iso: string }
}

// [given name, family name]
const NAMES: readonly (readonly [string, string])[] = [
  ['Zoë', 'Müller'],
  ['José', 'Núñez'],
  ['Chloé', 'Bérubé'],
  ['Björn', 'Lindqvist'],
  ['Søren', 'Østergaard'],
  ['Tomás', 'Ibáñez'],
  ['Jürgen', 'Weiß'],
  ['Anaïs', 'Lefèvre'],
  ['Mai', 'Nguyễn'],
  ['Dolores', 'Whitcombe'],
  ['Marcus', 'Fairbanks'],
  ['Priya', 'Venkataraman'],
  ['Kwame', 'Asante-Boateng'],
  ['Hannah', 'Oberlander'],
  ['Grace', 'Tollefsen'],
  ['Ahmed', 'Haddadin'],
  ['Ruth', 'Goldfarb'],
  ['Samuel', 'Pettigrew'],
  ['Lena', 'Kowalczyk'],
  ['Frank', 'Delacroix-Hale'],
  ['Imani', 'Okonkwo-Reyes'],
  ['Walter', 'Brightwater'],
]

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const

/** A number in the fictional 555 exchange, E.164: +1555555xxxx. */
export function phoneNumber(rng: Random): string {
  return `+1555555${rng.digits(4)}`
}

export function invent(rng: Random): Person {
  const [first, last] = rng.pick(NAMES)
  return {
    name: `${first} ${last}`,
    first,
    phone: phoneNumber(rng),
    email: `${asciiLocalPart(first)}.${asciiLocalPart(last)}@example.com`,
    dateOfBirth: birthDate(rng),
  }
}

function birthDate(rng: Random): Person['dateOfBirth'] {
  const year = rng.int(1941, 2004)
  const month = rng.int(1, 12)
  const day = rng.int(1, 28)
  const monthName = MONTHS[month - 1] ?? 'January'
  return {
    spoken: `${monthName} ${ordinal(day)}, ${year}`,
    iso: `${year}-${pad2(month)}-${pad2(day)}`,
  }
}

export function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13
  const suffix = teen ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')
  return `${n}${suffix}`
}

function pad2(n: number): string {
  return String(n).padStart(2, '0')
}

/** "Müller" → "muller", "Weiß" → "weiss": mailbox names stay ASCII, as most real ones are. */
function asciiLocalPart(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .replace(/ß/g, 'ss')
    .replace(/ø/gi, 'o')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
}
