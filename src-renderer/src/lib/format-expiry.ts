const DAY_S = 24 * 3600

/** "Expires on 3 March 2027 (in 102 days)." — when an API key stops working, in words. */
export function formatExpiry(expiresAt: string, expiresInSeconds: number): string {
  const date = new Date(expiresAt)
  const when = Number.isNaN(date.getTime())
    ? expiresAt
    : date.toLocaleDateString(undefined, { day: 'numeric', month: 'long', year: 'numeric' })
  if (expiresInSeconds <= 0) return `It expired on ${when}.`
  const days = Math.floor(expiresInSeconds / DAY_S)
  const left =
    days >= 2
      ? `in ${days} days`
      : days === 1
        ? 'tomorrow'
        : `in ${Math.max(1, Math.round(expiresInSeconds / 3600))} hours`
  return `It expires on ${when} (${left}).`
}
