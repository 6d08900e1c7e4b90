/** Where a command writes: stdout for results scripts read, stderr for people. */
export interface CliIo {
  stdout: (line: string) => void
  stderr: (line: string) => void
  /** Resolves when the user asks the process to stop (SIGINT or SIGTERM). */
  stopRequested: Promise<NodeJS.Signals>
}
