/** The line ending the stream writes: the SSE grammar allows all three, clients must too. */
export type LineEnding = 'lf' | 'crlf' | 'cr'

const endings: Readonly<Record<LineEnding, string>> = { lf: '\n', crlf: '\r\n', cr: '\r' }

export interface SseMessage {
  id?: string
  event?: string
  data: string
}

/** One SSE message: `id:`, `event:`, one `data:` line per line of data, then a blank line. */
export function formatSseMessage(message: SseMessage, ending: LineEnding): string {
  const eol = endings[ending]
  let text = ''
  if (message.id !== undefined) text += `id: ${message.id}${eol}`
  if (message.event !== undefined) text += `event: ${message.event}${eol}`
  for (const line of message.data.split(/\r\n|\r|\n/)) text += `data: ${line}${eol}`
  return text + eol
}

/** The reconnection delay hint the platform sends first on every connection (spec 2.2). */
export function formatRetry(ms: number, ending: LineEnding): string {
  const eol = endings[ending]
  return `retry: ${ms}${eol}${eol}`
}

/** A comment line: ignored by clients, it keeps proxies and idle watchdogs quiet. */
export function formatComment(text: string, ending: LineEnding): string {
  const eol = endings[ending]
  return `: ${text}${eol}${eol}`
}
