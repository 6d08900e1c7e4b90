import { readFile, stat } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
}

export interface StaticFile {
  body: Buffer
  contentType: string
  /** Hashed build assets never change under one name; everything else is revalidated. */
  immutable: boolean
}

/**
 * Reads a file of the built renderer for a URL path, or null when there is none. Paths that would
 * leave the renderer folder (`..`, encoded or not) are refused by resolving and re-checking.
 */
export async function readStaticFile(rootDir: string, urlPath: string): Promise<StaticFile | null> {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  if (decoded.includes('\0')) return null
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '')
  const root = normalize(rootDir + sep)
  const path = normalize(join(root, relative))
  if (!path.startsWith(root)) return null
  try {
    if (!(await stat(path)).isFile()) return null
    return {
      body: await readFile(path),
      contentType: contentTypes[extname(path)] ?? 'application/octet-stream',
      immutable: relative.startsWith('assets/'),
    }
  } catch {
    return null
  }
}
