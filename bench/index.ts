import { benchIngest } from './ingest'
import { benchNormalizer } from './normalizer'
import { benchScreenLatency } from './screen-latency'
import { benchSimulatorPush } from './simulator'

// `npm run bench`: every figure beside its same-run baseline. Exits non-zero when a goal is missed,
// so a regression is visible, but it is not part of `npm test` (timing does not belong in tests).
// Ingest first: it reports the process's resident memory, which earlier benchmarks in the same
// process would inflate (V8 gives freed memory back to the system lazily).
const results = [
  await benchIngest(),
  benchNormalizer(),
  await benchSimulatorPush(),
  await benchScreenLatency(),
]
process.exitCode = results.every(Boolean) ? 0 : 1
