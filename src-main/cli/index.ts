import type { CliIo } from './io'
import { runCli } from './run-cli'

// The `call-observer` executable (built to out/main/cli.js; bin/call-observer.js loads it).

function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
}

// A reader that stops early (`export ... --out - | head`) closes our stdout: that is not a failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0)
  throw error
})

const io: CliIo = {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  stopRequested: stopSignal(),
}
process.exitCode = await runCli(process.argv.slice(2), io)
