import { spawn, spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { findElectronBinary } from './electron-binary'

// `npm start`: builds, then opens the desktop app where Electron's binary exists and browser mode
// where it does not. Extra arguments (`npm start -- --port 4000`) go to browser mode.

const projectDir = resolve(import.meta.dirname, '..')

const build = spawnSync('npx', ['electron-vite', 'build'], {
  cwd: projectDir,
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'pipe'],
})
if (build.status !== 0) {
  process.stderr.write(`${build.stdout}${build.stderr}`)
  process.stderr.write('The build failed (above); Call Observer cannot start until it passes.\n')
  process.exit(1)
}

const electron = findElectronBinary(projectDir)
const [command, args] = electron
  ? [electron, [projectDir]]
  : [
      process.execPath,
      [resolve(projectDir, 'bin', 'call-observer.js'), 'app', ...process.argv.slice(2)],
    ]
if (!electron) {
  process.stderr.write(
    "Electron's binary is not installed on this machine (it cannot be downloaded here): opening browser mode instead.\n",
  )
}

const child = spawn(command, args, { cwd: projectDir, stdio: 'inherit' })
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => child.kill(signal))
}
child.on('exit', (code, signal) => {
  process.exit(code ?? (signal ? 0 : 1))
})
