import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src-main/**/*.test.ts', 'src-renderer/**/*.test.ts'],
    environment: 'node',
    // Integration tests run real servers and child processes on a shared 2-core machine.
    testTimeout: 30_000,
  },
})
