import { join } from 'node:path'
import { app, BrowserWindow, session } from 'electron'
import { AppService } from '../core/service/app-service'
import { startDemoPlatform } from '../simulator/demo-platform'
import { registerIpc } from './ipc'
import { KeychainVault } from './keychain-vault'
import { installApplicationMenu } from './menu'
import { notifyUser } from './notifications'
import { isAppUrl, type RendererLocation } from './renderer-location'
import { safeStorageCipher } from './secret-cipher'
import { createMainWindow, restrictPermissions, showMainWindow } from './window'

export interface ShellOptions {
  location: RendererLocation
  log: (line: string) => void
}

/** The running shell; `close` stops the IPC and flushes the recording. */
export interface Shell {
  close(): Promise<void>
}

/**
 * Starts the desktop app once Electron is ready: the keychain vault, the core service, its IPC
 * binding, notifications and the menu, then the window (last, so its first call finds a handler).
 * Throws when the vault or the service cannot start; the caller tells the user.
 */
export async function startShell(options: ShellOptions): Promise<Shell> {
  const { location, log } = options
  const packaged = app.isPackaged
  restrictPermissions(session.defaultSession)

  const dataDir = app.getPath('userData')
  const vault = new KeychainVault({
    file: join(dataDir, 'keychain.json'),
    cipher: safeStorageCipher(),
    log,
  })
  const service = await AppService.create({
    dataDir,
    vault,
    transport: 'electron',
    demoPlatform: () => startDemoPlatform(),
    log,
  })

  const disposers = [
    registerIpc({
      service,
      windows: () => BrowserWindow.getAllWindows(),
      isAppUrl: (url) => isAppUrl(location, url),
      log,
    }),
    notifyUser({
      service,
      focus: () => {
        showMainWindow(location, { packaged })
      },
    }),
  ]
  installApplicationMenu({ appName: app.getName(), packaged, platform: process.platform })
  createMainWindow(location, { packaged })

  return {
    close: async () => {
      for (const dispose of disposers) dispose()
      await service.close()
    },
  }
}
