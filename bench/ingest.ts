import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { Recorder } from '../src-main/core/recorder/recorder'
import { openBaselineSink, SessionStore, type BaselineRow } from '../src-main/core/store'
import { workspaceFirehose } from '../src-main/simulator/firehose'
import { report } from './harness'

const EVENTS = Number(process.env.BENCH_INGEST_EVENTS ?? 1_000_000)
const BATCH = 2000
const RSS_LIMIT_MB = 300

/** The recorder's whole pipeline: platform → SSE → normalizer → encrypted store, committed. */
async function recordPipeline(dir: string): Promise<{ seconds: number; rssMb: number }> {
  const platform = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_PROFILE_DIR
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
        : []),
      '--import',
      'tsx',
      resolve(import.meta.dirname, 'ingest-platform.ts'),
      String(EVENTS),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  )
  const [line] = (await once(createInterface({ input: platform.stdout }), 'line')) as [string]
  const target = JSON.parse(line) as { baseUrl: string; workspaceId: string; apiKey: string }
  const store = SessionStore.open({
    file: join(dir, 'sessions.db'),
    passphrase: 'bench passphrase',
  })
  let connected: () => void = () => undefined
  const up = new Promise<void>((done) => {
    connected = done
  })
  let finished: () => void = () => undefined
  const allStored = new Promise<void>((done) => {
    finished = done
  })
  const recorder = new Recorder({
    ...target,
    store,
    observe: 'off',
    onStreamStatus: (status) => {
      if (status.state === 'connected') connected()
    },
    onCommitted: (progress) => {
      if (progress.stored >= EVENTS) finished()
    },
  })
  await recorder.start()
  await up
  const started = process.hrtime.bigint()
  platform.stdin.write('go\n')
  await allStored
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  const rssMb = process.memoryUsage().rss / 2 ** 20
  await recorder.stop()
  store.close()
  platform.stdin.end()
  await once(platform, 'exit')
  return { seconds, rssMb }
}

/**
 * A baseline: the same frames through JSON.parse, inserted in batches into one plain table,
 * unencrypted, or (with `passphrase`) encrypted and configured as the session store is.
 */
function baseline(dir: string, name: string, passphrase?: string): number {
  const frames: BaselineRow[] = []
  const workload = workspaceFirehose()
  while (frames.length < EVENTS) {
    const emission = workload.next().value
    if (emission.stream !== 'workspace') continue
    const { event_type: type, ...payload } = emission.event
    const sseId = String(1_767_225_600_000 + frames.length)
    frames.push({ type, sseId, receivedAt: 0, raw: JSON.stringify(payload), payload: '' })
  }
  const sink = openBaselineSink(join(dir, name), { passphrase })
  const started = process.hrtime.bigint()
  for (let at = 0; at < frames.length; at += BATCH) {
    const batch = frames.slice(at, at + BATCH).map((frame) => ({
      ...frame,
      payload: JSON.stringify(JSON.parse(frame.raw)),
      receivedAt: Date.now(),
    }))
    sink.insertBatch(batch)
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  sink.close()
  return seconds
}

export async function benchIngest(): Promise<boolean> {
  const dir = mkdtempSync(join(tmpdir(), 'co-bench-ingest-'))
  try {
    const pipeline = await recordPipeline(dir)
    const plainSeconds = baseline(dir, 'baseline.db')
    const encryptedSeconds = baseline(dir, 'baseline-encrypted.db', 'bench passphrase')
    const figure = `ingest, whole pipeline (${EVENTS.toLocaleString('en-US')} events, durably committed)`
    const measured = { perSecond: EVENTS / pipeline.seconds }
    const rateOk = report(
      figure,
      measured,
      {
        perSecond: EVENTS / plainSeconds,
        name: 'JSON.parse + batched inserts, unencrypted better-sqlite3',
      },
      { minPerSecond: 50_000, maxTimeRatio: 2 },
    )
    // The floor any encrypted recorder pays: the ratio to it is the cost of our own work.
    report(
      figure,
      measured,
      {
        perSecond: EVENTS / encryptedSeconds,
        name: "the same inserts, encrypted with the session store's cipher settings",
      },
      {},
    )
    const memoryOk = pipeline.rssMb < RSS_LIMIT_MB
    console.log(
      `ingest, recorder resident memory after ${EVENTS.toLocaleString('en-US')} events: ` +
        `${Math.round(pipeline.rssMb)} MB | goal < ${RSS_LIMIT_MB} MB: ${memoryOk ? 'met' : 'MISSED'}`,
    )
    return rateOk && memoryOk
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
