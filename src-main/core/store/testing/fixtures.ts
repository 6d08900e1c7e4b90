import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import Database from 'better-sqlite3-multiple-ciphers'
import {
  normalizeObserverFrame,
  normalizeWorkspaceFrame,
  type ObserverEventType,
  type WorkspaceEventType,
} from '../../events'
import { CALL_SID, observerSamples, workspaceSamples } from '../../events/testing/samples'
import type { QuarantinedFrame, RecordedEvent } from '../../records'

/**
 * Test helpers for the store: real encrypted files in a temp folder, and `RecordedEvent`s built
 * through the real normalizer from the catalog's samples (as the recorder would build them).
 */

export const PASSPHRASE = "correct horse 'battery' staple"

export { CALL_SID }

/** A fresh temp folder per call; `cleanup` removes every folder made. */
export function tempFolders() {
  const made: string[] = []
  return {
    file(name = 'store.db'): string {
      const folder = mkdtempSync(join(tmpdir(), 'call-observer-store-'))
      made.push(folder)
      return join(folder, name)
    },
    cleanup(): void {
      for (const folder of made.splice(0)) rmSync(folder, { recursive: true, force: true })
    },
  }
}

/** What "the file was not changed" is checked against: its bytes, mtime and the folder listing. */
export function snapshot(file: string) {
  return {
    sha256: createHash('sha256').update(readFileSync(file)).digest('hex'),
    mtimeMs: statSync(file).mtimeMs,
    siblings: readdirSync(dirname(file)).filter((name) => name.startsWith(basename(file))),
  }
}

/** A raw keyed connection, for what the store's API does not expose (FTS, plans, tampering). */
export function openRaw(file: string, passphrase: string | null = PASSPHRASE): Database.Database {
  const db = new Database(file, { fileMustExist: true })
  if (passphrase !== null) {
    db.pragma(`cipher = 'sqlcipher'`)
    db.pragma(`key = '${passphrase.replaceAll("'", "''")}'`)
  }
  return db
}

interface FrameOptions {
  sseId?: string | null
  receivedAt?: number
  callSid?: string | null
  sessionId?: string | null
  backfilled?: boolean
}

/** A workspace event as the recorder hands it over: normalized from the wire payload. */
export function workspaceEvent(
  type: WorkspaceEventType,
  fields: Record<string, unknown> = {},
  options: FrameOptions = {},
): RecordedEvent {
  const payload = { ...workspaceSamples[type], ...fields }
  const raw = JSON.stringify(payload)
  const result = normalizeWorkspaceFrame({ id: options.sseId ?? null, event: type, data: raw })
  if (result.kind !== 'event') throw new Error(`${type} sample does not validate`)
  const callSid = 'call_sid' in result.event ? result.event.call_sid : null
  const sessionId =
    result.event.event_type === 'text.started' || result.event.event_type === 'text.completed'
      ? result.event.session_id
      : null
  return {
    source: 'workspace',
    known: true,
    type: result.event.event_type,
    payload: result.event,
    callSid: options.callSid === undefined ? callSid : options.callSid,
    sessionId: options.sessionId === undefined ? sessionId : options.sessionId,
    sseId: options.sseId ?? null,
    receivedAt: options.receivedAt ?? 1_767_225_600_000,
    raw,
    backfilled: options.backfilled ?? false,
  }
}

/** An observer event from the socket of `callSid` (observer frames carry no SSE id). */
export function observerEvent(
  type: ObserverEventType,
  fields: Record<string, unknown> = {},
  options: FrameOptions = {},
): RecordedEvent {
  const raw = JSON.stringify({ type, ...observerSamples[type], ...fields })
  const result = normalizeObserverFrame(raw)
  if (result.kind !== 'event') throw new Error(`${type} sample does not validate`)
  return {
    source: 'observer',
    known: true,
    type: result.event.type,
    payload: result.event,
    callSid: options.callSid === undefined ? CALL_SID : options.callSid,
    sessionId: null,
    sseId: null,
    receivedAt: options.receivedAt ?? 1_767_225_600_000,
    raw,
    backfilled: options.backfilled ?? false,
  }
}

/** A workspace event of a type this build does not know. */
export function unknownEvent(type: string, sseId: string, receivedAt: number): RecordedEvent {
  const payload = { call_sid: CALL_SID, novelty: true }
  return {
    source: 'workspace',
    known: false,
    type,
    payload,
    callSid: CALL_SID,
    sessionId: null,
    sseId,
    receivedAt,
    raw: JSON.stringify(payload),
    backfilled: false,
  }
}

export function malformedFrame(
  raw: string,
  options: { sseId?: string | null; type?: string | null; receivedAt?: number } = {},
): QuarantinedFrame {
  return {
    source: options.sseId === null ? 'observer' : 'workspace',
    callSid: null,
    sessionId: null,
    sseId: options.sseId === undefined ? '1767225600999' : options.sseId,
    receivedAt: options.receivedAt ?? 1_767_225_600_000,
    raw,
    type: options.type === undefined ? 'call.started' : options.type,
    reason: 'not_json',
    detail: 'frame is not JSON',
    oversized: null,
  }
}
