/**
 * Documented alternative field names, mapped onto the spec's canonical names before validation,
 * so that the schemas (and the PHI registry derived from them) cover every variant. Sources: the
 * guide-vs-OpenAPI table (spec 2.6) and the observer docs versions (spec 3.8, seeds/).
 */
type Alias = readonly [alias: string, canonical: string, convert?: (value: unknown) => unknown]

/** Tool results arrive as text in the OpenAPI and as JSON objects in older docs. */
function asText(value: unknown): unknown {
  return typeof value === 'string' || value === null ? value : JSON.stringify(value)
}

const workspaceAliases: Readonly<Record<string, readonly Alias[]>> = {
  'surface.field_saved': [['field_id', 'field_key']],
}

const observerAliases: Readonly<Record<string, readonly Alias[]>> = {
  user_transcript: [
    ['text', 'transcript'],
    ['confidence', 'stt_confidence'],
    ['channel', 'speaker_role'],
  ],
  agent_transcript: [['text', 'transcript']],
  agent_transcript_delta: [['text', 'delta']],
  tool_call_started: [
    ['tool_call_id', 'call_id'],
    ['tool_input', 'input'],
    ['parameters', 'input'],
  ],
  tool_call_completed: [
    ['tool_call_id', 'call_id'],
    ['result', 'output', asText],
    ['error', 'error_message'],
  ],
  forward_call_resolved: [['forward_number', 'target_number']],
}

function applyAliases(
  table: Readonly<Record<string, readonly Alias[]>>,
  type: string,
  fields: Record<string, unknown>,
): void {
  const aliases = table[type]
  if (!aliases) return
  for (const [alias, canonical, convert] of aliases) {
    // The canonical name wins when both are present; the alias is then dropped by validation.
    if (fields[canonical] === undefined && fields[alias] !== undefined) {
      fields[canonical] = convert ? convert(fields[alias]) : fields[alias]
    }
  }
}

/** Renames documented variant fields of a parsed workspace payload in place. */
export function applyWorkspaceAliases(type: string, fields: Record<string, unknown>): void {
  applyAliases(workspaceAliases, type, fields)
}

/** Renames documented variant fields of a parsed observer frame in place. */
export function applyObserverAliases(type: string, fields: Record<string, unknown>): void {
  applyAliases(observerAliases, type, fields)
}
