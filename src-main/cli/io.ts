/** Where a command writes: stdout for results scripts read, stderr for people. */
export interface CliIo {
  stdout: (line: string) => void
  stderr: (line: string) => void
  /** Where secrets come from (`CALL_OBSERVER_API_KEY`, `CALL_OBSERVER_DB_KEY`). */
  env: NodeJS.ProcessEnv
  /** Resolves when the user asks the process to stop (SIGINT or SIGTERM). */
  stopRequested: Promise<NodeJS.Signals>
}
