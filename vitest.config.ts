import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src-main/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
  },
})
