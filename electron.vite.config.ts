import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import { svelte } from '@sveltejs/vite-plugin-svelte'

// One build for everything: the Electron shell (main + preload), the plain-Node CLI that runs
// the core headless and in browser mode, and the Svelte renderer that both modes load.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          main: resolve('src-main/electron/main.ts'),
          cli: resolve('src-main/cli/index.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot require anything but `electron`: bundle the rest into it.
      externalizeDeps: false,
      rollupOptions: {
        input: { preload: resolve('src-main/electron/preload.ts') },
        // And it runs as a classic script: ESM (electron-vite's default for a `type: module`
        // package) fails to load with the sandbox on. `.cjs` says so to anything else that loads it.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    plugins: [svelte({ configFile: resolve('svelte.config.js') })],
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: resolve('src-renderer/index.html') },
    },
  },
})
