import { app, BrowserWindow, session } from 'electron'
import { createMainWindow, hardenWebContents, restrictPermissions } from './window'

// The Electron shell: window, lifecycle and OS integration only. Everything else lives in
// src-main/core and runs in plain Node (see README, "Architecture").

function focusExistingWindow(): void {
  const [window] = BrowserWindow.getAllWindows()
  if (!window) return
  if (window.isMinimized()) window.restore()
  window.focus()
}

if (!app.requestSingleInstanceLock()) {
  // Another Call Observer already records this workspace; it is brought forward instead.
  app.quit()
} else {
  app.on('second-instance', focusExistingWindow)
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents)
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow()
  })
  void app.whenReady().then(() => {
    restrictPermissions(session.defaultSession)
    createMainWindow()
  })
}
