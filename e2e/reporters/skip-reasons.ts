import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter'

/** Prints why each skipped test was skipped, one line each: the list reporter shows only a dash. */
export default class SkipReasonsReporter implements Reporter {
  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status !== 'skipped') return
    const reason = test.annotations.find((annotation) => annotation.type === 'skip')?.description
    console.log(
      `  skipped: ${test.titlePath().slice(1).join(' › ')}: ${reason ?? 'no reason given'}`,
    )
  }

  printsToStdio(): boolean {
    return false
  }
}
