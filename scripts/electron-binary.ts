import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

/**
 * The installed Electron executable, or null. Electron's npm package holds no binary: it is
 * downloaded from outside the npm registry on first use, which cannot happen on every machine.
 * This looks without triggering that download (requiring 'electron' from Node would start it).
 */
export function findElectronBinary(projectDir = resolve(import.meta.dirname, '..')): string | null {
  const packageDir = join(projectDir, 'node_modules', 'electron')
  const pathFile = join(packageDir, 'path.txt')
  if (!existsSync(pathFile)) return null
  const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(binary) ? binary : null
}
