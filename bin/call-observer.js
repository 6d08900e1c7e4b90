#!/usr/bin/env node
// Loads the built CLI. `npm ci` builds it (the package's `prepare` script); so does `npm run build`.
import { existsSync } from 'node:fs'

const cli = new URL('../out/main/cli.js', import.meta.url)
if (!existsSync(cli)) {
  process.stderr.write('Call Observer is not built yet: run `npm run build`, then try again.\n')
  process.exit(1)
}
await import(cli.href)
