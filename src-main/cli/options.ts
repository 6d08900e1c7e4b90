import { usageError } from './exit-codes'

/** A whole-number option within bounds, or the fallback when absent; a usage error otherwise. */
export function integerOption(
  name: string,
  text: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (text === undefined) return fallback
  const value = Number(text)
  if (text.trim() === '' || !Number.isInteger(value) || value < min || value > max) {
    throw usageError(`--${name} must be a whole number from ${min} to ${max}, not "${text}"`)
  }
  return value
}

/** A positive number option (fractions allowed), or the fallback when absent. */
export function positiveNumberOption(
  name: string,
  text: string | undefined,
  fallback: number,
): number {
  if (text === undefined) return fallback
  const value = Number(text)
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0) {
    throw usageError(`--${name} must be a number greater than 0, not "${text}"`)
  }
  return value
}
