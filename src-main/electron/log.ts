/** One logger per module: a timestamped line on stderr. Callers never pass PHI or secrets. */
export function createLogger(scope: string): (line: string) => void {
  return (line) => {
    process.stderr.write(`${new Date().toISOString()} [${scope}] ${line}\n`)
  }
}
