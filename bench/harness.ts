/**
 * A small benchmark harness: every figure is measured next to a baseline in the same run and
 * reported as a ratio, because absolute times on a shared 2-core machine mean little.
 */

export interface Rate {
  /** Items processed per second, best of the rounds. */
  perSecond: number
}

/** Runs `work` over `items` for `rounds` rounds after a warm-up and keeps the fastest round. */
export function measureRate<T>(items: readonly T[], work: (item: T) => unknown, rounds = 7): Rate {
  let sink = 0
  const once = (): number => {
    const started = process.hrtime.bigint()
    for (const item of items) if (work(item) !== undefined) sink++
    return Number(process.hrtime.bigint() - started) / 1e9
  }
  once()
  once()
  let best = Infinity
  for (let round = 0; round < rounds; round++) best = Math.min(best, once())
  if (sink < 0) throw new Error('unreachable: keeps the results alive')
  return { perSecond: items.length / best }
}

export interface Goal {
  /** The lowest acceptable rate, items/s. */
  minPerSecond?: number
  /** The highest acceptable time relative to the baseline (2.5 = at most 2.5 times as long). */
  maxTimeRatio?: number
}

function formatRate(perSecond: number): string {
  return `${Math.round(perSecond).toLocaleString('en-US')}/s`
}

/** Prints one figure with its baseline and goal; returns whether the goal was met. */
export function report(
  name: string,
  measured: Rate,
  baseline: Rate & { name: string },
  goal: Goal,
) {
  const timeRatio = baseline.perSecond / measured.perSecond
  const rateOk = goal.minPerSecond === undefined || measured.perSecond >= goal.minPerSecond
  const ratioOk = goal.maxTimeRatio === undefined || timeRatio <= goal.maxTimeRatio
  const goals = [
    goal.minPerSecond === undefined ? null : `>= ${formatRate(goal.minPerSecond)}`,
    goal.maxTimeRatio === undefined ? null : `<= ${goal.maxTimeRatio}x baseline time`,
  ].filter((text) => text !== null)
  const verdict = rateOk && ratioOk ? 'met' : 'MISSED'
  const outcome = goals.length === 0 ? 'for comparison' : `goal ${goals.join(', ')}: ${verdict}`
  console.log(
    `${name}: ${formatRate(measured.perSecond)} | baseline (${baseline.name}): ` +
      `${formatRate(baseline.perSecond)} | ${timeRatio.toFixed(2)}x baseline time | ${outcome}`,
  )
  return rateOk && ratioOk
}
