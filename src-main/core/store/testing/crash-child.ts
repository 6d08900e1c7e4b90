import { BatchedWriter } from '../batched-writer'
import { SessionStore } from '../session-store'
import { observerEvent, workspaceEvent } from './fixtures'

/**
 * A recorder stand-in for the kill -9 test: writes frames as fast as it can through a
 * BatchedWriter and prints each cumulative "stored" count on stdout only after its commit.
 * Killed at a random moment by the test, which then checks that every printed count is in the file.
 */
const file = process.env.STORE_CRASH_FILE
const passphrase = process.env.STORE_CRASH_KEY
if (file === undefined || passphrase === undefined) throw new Error('file and key are required')

const store = SessionStore.open({ file, passphrase })
const start = store.counts().events
const writer = new BatchedWriter(store, {
  tickMs: 5,
  maxBatchSize: 500,
  onCommitted: (report) => {
    process.stdout.write(`${start + report.totals.stored}\n`)
  },
})
let index = 0
function produce(): void {
  for (let burst = 0; burst < 200; burst++, index++) {
    writer.enqueue(
      index % 10 === 0
        ? workspaceEvent('call.started', {}, { sseId: String(1_767_225_600_000 + start + index) })
        : observerEvent('agent_transcript_delta', { delta: `chunk ${index}` }),
    )
  }
  setImmediate(produce)
}
produce()
