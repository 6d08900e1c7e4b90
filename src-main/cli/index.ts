import type { CliIo } from './io'
import { runCli } from './run-cli'

// The `call-observer` executable (built to out/main/cli.js; bin/call-observer.js loads it).

function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
}

const io: CliIo = {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  stopRequested: stopSignal(),
}
process.exitCode = await runCli(process.argv.slice(2), io)
