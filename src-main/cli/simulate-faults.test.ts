import { once } from 'node:events'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterEach, describe, expect, it } from 'vitest'
import { normalizeWorkspaceFrame } from '../core/events'
import {
  openRawObserver,
  openRawStream,
  until,
  type RawSseFrame,
  type RawStream,
} from '../simulator/testing/raw-clients'
import { runCli, startCli, type CliRun } from './testing'

// `simulate` with fault options, as a user testing a client would run it: a child process, read
// by naive HTTP and WebSocket clients that see exactly what goes over the wire.

interface Started {
  run: CliRun
  baseUrl: string
  workspaceId: string
  apiKey: string
  faults: Record<string, unknown>
}

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup()
})

async function simulate(args: string[]): Promise<Started> {
  const run = startCli(['simulate', '--json', '--speed', '60', ...args])
  cleanups.push(() => {
    run.child.kill('SIGKILL')
  })
  const lines = createInterface({ input: run.child.stdout })
  const [first] = (await once(lines, 'line')) as [string]
  return { run, ...(JSON.parse(first) as Omit<Started, 'run'>) }
}

async function stream(sim: Started): Promise<RawStream> {
  const opened = await openRawStream(sim.baseUrl, `/v1/${sim.workspaceId}/events/stream`, {
    Authorization: `Bearer ${sim.apiKey}`,
  })
  cleanups.push(() => {
    opened.close()
  })
  return opened
}

/** Event frames only (not `retry:`, heartbeats or the `stream.opened` control frame). */
function eventFrames(raw: RawStream): RawSseFrame[] {
  return raw.frames().filter((frame) => frame.event !== undefined && frame.id !== '0')
}

/** What the app's own normalizer makes of a frame: the simulator's malformed ones must fail it. */
function isMalformed(frame: RawSseFrame): boolean {
  const result = normalizeWorkspaceFrame({
    id: frame.id ?? null,
    event: frame.event ?? null,
    data: frame.data ?? '',
  })
  return result.kind === 'malformed'
}

async function stop(sim: Started): Promise<void> {
  sim.run.child.kill('SIGTERM')
  expect(await sim.run.exit).toBe(0)
}

describe('call-observer simulate with faults', () => {
  it('answers 429 first, then streams CRLF frames with a malformed one after every 5 events', async () => {
    const sim = await simulate([
      '--line-ending',
      'crlf',
      '--malformed-every',
      '5',
      '--rate-limit',
      '1:7',
    ])
    expect(sim.faults).toEqual({
      lineEnding: 'crlf',
      malformedEvery: 5,
      rateLimit: { requests: 1, retryAfterSeconds: 7 },
    })

    const refused = await stream(sim)
    expect(refused.status).toBe(429)
    expect(refused.headers['retry-after']).toBe('7')
    refused.close()

    const raw = await stream(sim)
    expect(raw.status).toBe(200)
    await until(() => eventFrames(raw).length >= 30, 'thirty frames', 30_000)
    const text = raw.text()
    expect(text).toMatch(/^retry: 3000\r\n\r\n/)
    expect(text).not.toMatch(/(^|[^\r])\n/) // every line ends in CRLF
    const malformedAt = eventFrames(raw)
      .map((frame, index) => (isMalformed(frame) ? index : -1))
      .filter((index) => index >= 0)
    expect(malformedAt.length).toBeGreaterThanOrEqual(3)
    // Five good events between two malformed frames, every time.
    for (let i = 1; i < malformedAt.length; i++) {
      expect((malformedAt[i] ?? 0) - (malformedAt[i - 1] ?? 0)).toBe(6)
    }
    await stop(sim)
  })

  it('has outages: open streams are cut, new ones answered 503, then streams again', async () => {
    const sim = await simulate(['--outage-every', '2', '--outage-for', '1'])
    expect(sim.faults).toEqual({ outage: { everySeconds: 2, forSeconds: 1, kind: 'unavailable' } })
    const first = await stream(sim)
    expect(first.status).toBe(200)
    await first.ended // the outage cuts it
    // Reconnect as a client would, until an outage answered 503 and a stream came back after it.
    const statuses: number[] = []
    const deadline = Date.now() + 30_000
    while (!(statuses.includes(503) && statuses.at(-1) === 200)) {
      if (Date.now() > deadline) throw new Error(`no 503 then 200 in ${statuses.join(', ')}`)
      const attempt = await stream(sim)
      statuses.push(attempt.status)
      attempt.close()
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    await stop(sim)
  })

  it('nests observer payloads under "data" and cuts observer sockets after every 2 frames', async () => {
    const sim = await simulate(['--nested-observer-envelope', '--drop-observer-every', '2'])
    expect(sim.faults).toEqual({ dropObserverEvery: 2, nestedObserverEnvelope: true })
    const raw = await stream(sim)
    await until(
      () => eventFrames(raw).some((frame) => frame.event === 'call.started'),
      'a call to start',
      30_000,
    )
    const started = eventFrames(raw).find((frame) => frame.event === 'call.started')
    const { call_sid: callSid } = JSON.parse(started?.data ?? '{}') as { call_sid: string }
    const url = `${sim.baseUrl.replace('http', 'ws')}/v1/${sim.workspaceId}/observers/${callSid}/ws`
    const observer = openRawObserver(url, ['auth', sim.apiKey])
    const { code } = await observer.closed
    expect(code).toBe(1006) // no close frame: the connection just died
    expect(observer.messages).toHaveLength(2)
    for (const text of observer.messages) {
      const frame = JSON.parse(text) as { type?: unknown; data?: unknown }
      expect(typeof frame.type).toBe('string')
      expect(typeof frame.data === 'object' && frame.data !== null).toBe(true)
    }
    await stop(sim)
  })

  it('shows the active faults to a person', async () => {
    const run = startCli([
      'simulate',
      '--split-frames',
      '--line-ending',
      'cr',
      '--share-id-every',
      '3',
      '--future-type-every',
      '1',
      '--slow-frames-ms',
      '20',
      '--drop-stream-every',
      '100',
      '--outage-every',
      '60',
      '--outage-for',
      '5',
      '--outage-kind',
      'unreachable',
    ])
    cleanups.push(() => {
      run.child.kill('SIGKILL')
    })
    await until(() => run.stdout().includes('Press Ctrl+C'), 'the banner', 30_000)
    const faults = run
      .stdout()
      .split('\n')
      .find((line) => line.includes('faults:'))
    expect(faults?.replace(/^\s*faults:\s*/, '')).toBe(
      'streams cut after every 100 events; an unknown event type after every 1 event; ' +
        'every 3rd event sharing the SSE id before it; frames split at random bytes; CR line ' +
        'endings; every stream write held 20 ms; an outage every 60 s for 5 s (new streams left ' +
        'unanswered)',
    )
    run.child.kill('SIGTERM')
    expect(await run.exit).toBe(0)
  })

  it.each([
    [['--line-ending', 'lfcr'], '--line-ending must be lf, crlf or cr, not "lfcr"'],
    [['--malformed-every', '0'], '--malformed-every must be a whole number from 1 to'],
    [['--drop-stream-every', 'often'], '--drop-stream-every must be a whole number'],
    [['--rate-limit', '3:soon'], '--rate-limit must be a number of requests'],
    [['--slow-frames-ms=-5'], '--slow-frames-ms must be a whole number from 0 to 60000'],
    [['--outage-for', '5'], '--outage-for and --outage-kind need --outage-every <seconds>'],
    [['--outage-every', '5'], '--outage-every needs --outage-for <seconds>'],
    [['--outage-every', '5', '--outage-for', '5'], 'must be shorter than --outage-every'],
    [
      ['--outage-every', '9', '--outage-for', '1', '--outage-kind', 'down'],
      '--outage-kind must be',
    ],
  ])('refuses %j with one usage line', async (args, message) => {
    const { code, stdout, stderr } = await runCli(['simulate', ...args])
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr.trim().split('\n')).toHaveLength(1)
    expect(stderr).toContain(message)
    expect(stderr).toContain('(see: call-observer simulate --help)')
  })

  it('writes its --log-file for its owner only, whatever the umask', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'co-sim-log-'))
    cleanups.push(() => {
      rmSync(dir, { recursive: true, force: true })
    })
    const log = join(dir, 'frames.ndjson')
    const umask = process.umask(0o022) // the child inherits it
    let sim: Started
    try {
      sim = await simulate(['--log-file', log])
    } finally {
      process.umask(umask)
    }
    const raw = await stream(sim)
    await until(() => eventFrames(raw).length > 0, 'a frame', 30_000)
    await stop(sim)
    expect(statSync(log).mode & 0o777).toBe(0o600)
    expect(statSync(log).size).toBeGreaterThan(0)
  })

  it('refuses a --log-file in a folder that does not exist', async () => {
    const { code, stderr } = await runCli(['simulate', '--log-file', '/no/such/dir/frames.ndjson'])
    expect(code).toBe(2)
    expect(stderr).toMatch(/^The folder \/no\/such\/dir for --log-file does not exist/)
  })
})
