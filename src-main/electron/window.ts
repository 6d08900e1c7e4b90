import { BrowserWindow, shell, type Session, type WebContents, type WebPreferences } from 'electron'
import { fileURLToPath } from 'node:url'

/** The built renderer, beside the built main process: out/main → out/renderer. */
const rendererEntry = fileURLToPath(new URL('../renderer/index.html', import.meta.url))

/** The Electron security checklist, as settings: the renderer gets no Node and no shared world. */
export function secureWebPreferences(): WebPreferences {
  return {
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

export function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Call Observer',
    webPreferences: secureWebPreferences(),
  })
  window.once('ready-to-show', () => {
    window.show()
  })
  void window.loadFile(rendererEntry)
  return window
}
