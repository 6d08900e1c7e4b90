import { fileURLToPath, pathToFileURL } from 'node:url'

/** The built app, beside the built main process: out/main → out/renderer and out/preload. */
export const rendererEntry = fileURLToPath(new URL('../renderer/index.html', import.meta.url))
/** CommonJS, as a sandboxed preload must be (it runs without a module loader). */
export const preloadEntry = fileURLToPath(new URL('../preload/preload.cjs', import.meta.url))

/** Where the window loads the renderer from, and how to recognise a frame that shows it. */
export type RendererLocation =
  { kind: 'file'; path: string; url: string } | { kind: 'dev-server'; url: string }

export interface LocationOptions {
  /** `ELECTRON_RENDERER_URL`, set by `electron-vite dev`. */
  devServerUrl: string | undefined
  packaged: boolean
  entry?: string
}

/**
 * The dev server is honoured only in an unpackaged app: a packaged one that followed the
 * environment could be pointed at any page, which would then get the API.
 */
export function rendererLocation(options: LocationOptions): RendererLocation {
  const { devServerUrl, packaged, entry = rendererEntry } = options
  if (devServerUrl && !packaged && isHttpUrl(devServerUrl)) {
    return { kind: 'dev-server', url: devServerUrl }
  }
  return { kind: 'file', path: entry, url: pathToFileURL(entry).href }
}

function isHttpUrl(url: string): boolean {
  const parsed = parse(url)
  return parsed !== null && (parsed.protocol === 'http:' || parsed.protocol === 'https:')
}

function parse(url: string): URL | null {
  try {
    return new URL(url)
  } catch {
    return null
  }
}

/**
 * Whether a frame's URL is our renderer: the very file (any hash or query, as routes use), or the
 * dev server's origin. Anything else (another file, `about:blank`, a web page) is foreign.
 */
export function isAppUrl(location: RendererLocation, url: string): boolean {
  const candidate = parse(url)
  if (candidate === null) return false
  if (location.kind === 'dev-server') {
    return candidate.origin === new URL(location.url).origin
  }
  if (candidate.protocol !== 'file:' || candidate.host !== '') return false
  const expected = new URL(location.url)
  try {
    return normalisePath(candidate.pathname) === normalisePath(expected.pathname)
  } catch {
    // A malformed percent-escape is not our file.
    return false
  }
}

/** Windows drive letters and percent-escapes may be spelled differently by Chromium. */
function normalisePath(path: string): string {
  const decoded = decodeURIComponent(path)
  return process.platform === 'win32' ? decoded.toLowerCase() : decoded
}
