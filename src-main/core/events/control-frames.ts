import { z } from 'zod'

/**
 * Control frames the workspace stream sends outside the 45-type event union (spec 2.2): an
 * acknowledgement when a stream opens, and structured stream errors. They are never stored as
 * events; the stream client acts on them.
 */
export const streamOpenedFrame = z.object({
  code: z.string(),
  connection_id: z.string().nullish(),
  max_streams_per_workspace: z.int().nullish(),
})

export const streamErrorFrame = z.object({
  code: z.string(),
  message: z.string().nullish(),
  max_streams: z.int().nullish(),
})

export type StreamControlFrame =
  | { type: 'stream.opened'; frame: z.output<typeof streamOpenedFrame> }
  | { type: 'error'; frame: z.output<typeof streamErrorFrame> }

export function isStreamControlEvent(event: string | null): event is StreamControlFrame['type'] {
  return event === 'stream.opened' || event === 'error'
}

/**
 * Parses a control frame's data. A control frame too damaged to read is reported as a generic
 * `stream_error`, which the spec classes as retryable: the safest reading of an unreadable error.
 */
export function parseStreamControlFrame(
  event: StreamControlFrame['type'],
  data: string,
): StreamControlFrame {
  let parsed: unknown
  try {
    parsed = JSON.parse(data)
  } catch {
    parsed = undefined
  }
  if (event === 'stream.opened') {
    const opened = streamOpenedFrame.safeParse(parsed)
    return { type: event, frame: opened.success ? opened.data : { code: 'ok' } }
  }
  const error = streamErrorFrame.safeParse(parsed)
  return {
    type: event,
    frame: error.success ? error.data : { code: 'stream_error', message: 'unreadable error frame' },
  }
}
