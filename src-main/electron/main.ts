import { app, BrowserWindow, dialog } from 'electron'
import { createLogger } from './log'
import { closeBeforeQuit } from './quit-gate'
import { rendererLocation } from './renderer-location'
import { startShell, type Shell } from './start-shell'
import { createMainWindow, hardenWebContents, showMainWindow } from './window'

// The Electron shell: window, lifecycle and OS integration only. Everything else lives in
// src-main/core and runs in plain Node (see README, "Architecture").

const log = createLogger('shell')

if (!app.requestSingleInstanceLock()) {
  // Another Call Observer already records this workspace; it is brought forward instead.
  app.quit()
} else {
  const location = rendererLocation({
    devServerUrl: process.env.ELECTRON_RENDERER_URL,
    packaged: app.isPackaged,
  })
  const windowOptions = { packaged: app.isPackaged }
  let started = false

  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents)
  })
  app.on('second-instance', () => {
    if (started) showMainWindow(location, windowOptions)
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('activate', () => {
    if (started && BrowserWindow.getAllWindows().length === 0) {
      createMainWindow(location, windowOptions)
    }
  })
  // A terminal's Ctrl-C or a service manager's stop goes through the same flush as Quit.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      app.quit()
    })
  }

  const shell: Promise<Shell | null> = app
    .whenReady()
    .then(() => startShell({ location, log }))
    .then((running) => {
      started = true
      return running
    })
    .catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error)
      log(`could not start: ${error instanceof Error ? error.name : typeof error}`)
      dialog.showErrorBox('Call Observer cannot start', message)
      app.quit()
      return null
    })
  closeBeforeQuit({ app, shell, log })
}
