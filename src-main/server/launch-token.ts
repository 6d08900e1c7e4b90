import { randomBytes, timingSafeEqual } from 'node:crypto'

/** A fresh secret for one run of browser mode: 256 bits, URL-safe. */
export function createLaunchToken(): string {
  return randomBytes(32).toString('base64url')
}

/** Compares in constant time, so the token cannot be guessed byte by byte from response times. */
export function tokensMatch(expected: string, presented: string | null | undefined): boolean {
  if (typeof presented !== 'string') return false
  const a = Buffer.from(expected)
  const b = Buffer.from(presented)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** The value of one cookie from a `Cookie` request header. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null
  for (const part of header.split(';')) {
    const separator = part.indexOf('=')
    if (separator > 0 && part.slice(0, separator).trim() === name) {
      return part.slice(separator + 1).trim()
    }
  }
  return null
}
