import { BrowserWindow, shell, type Session, type WebContents, type WebPreferences } from 'electron'
import { preloadEntry, type RendererLocation } from './renderer-location'

export interface WindowOptions {
  packaged: boolean
}

/**
 * The Electron security checklist, as settings: the renderer gets no Node and no shared world;
 * the sandboxed preload adds only `window.callObserver`.
 */
export function secureWebPreferences(options: WindowOptions): WebPreferences {
  return {
    preload: preloadEntry,
    // A packaged app has no developer tools: they would open the renderer, PHI included.
    devTools: !options.packaged,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  }
}

/** Only web pages leave the app, and only to the user's own browser. */
function isExternalWebUrl(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:'
  } catch {
    return false
  }
}

/**
 * The app is one page that never navigates: every navigation, redirect, new window and webview is
 * refused; an https link opens in the user's browser instead.
 */
export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => {
    event.preventDefault()
  })
  contents.on('will-redirect', (event) => {
    event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => {
    event.preventDefault()
  })
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalWebUrl(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
}

/** No camera, microphone, location or the like; notifications only, for escalations. */
export function restrictPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    callback(permission === 'notifications')
  })
  session.setPermissionCheckHandler((_contents, permission) => permission === 'notifications')
}

export function createMainWindow(
  location: RendererLocation,
  options: WindowOptions,
): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Call Observer',
    webPreferences: secureWebPreferences(options),
  })
  window.once('ready-to-show', () => {
    window.show()
  })
  void (location.kind === 'file' ? window.loadFile(location.path) : window.loadURL(location.url))
  return window
}

/** Brings the window forward (a second launch, a clicked notification), or opens it again. */
export function showMainWindow(location: RendererLocation, options: WindowOptions): void {
  const [window] = BrowserWindow.getAllWindows()
  if (!window) {
    createMainWindow(location, options)
    return
  }
  if (window.isMinimized()) window.restore()
  window.show()
  window.focus()
}
