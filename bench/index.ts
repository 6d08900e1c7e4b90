import { benchIngest } from './ingest'

// `npm run bench`: every figure beside its same-run baseline. Exits non-zero when a goal is missed,
// so a regression is visible, but it is not part of `npm test` (timing does not belong in tests).
// Ingest first: it reports the process's resident memory, which earlier benchmarks in the same
// process would inflate (V8 gives freed memory back to the system lazily). The other benchmarks
// are loaded only after it, for the same reason: Playwright alone adds some 60 MB.
const results = [await benchIngest()]
const { benchHostileMemory } = await import('./hostile-memory')
results.push(await benchHostileMemory())
const { benchNormalizer } = await import('./normalizer')
results.push(benchNormalizer())
const { benchSimulatorPush } = await import('./simulator')
results.push(await benchSimulatorPush())
const { benchScreenLatency } = await import('./screen-latency')
results.push(await benchScreenLatency())
process.exitCode = results.every(Boolean) ? 0 : 1
