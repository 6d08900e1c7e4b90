import { Menu, shell, type MenuItemConstructorOptions } from 'electron'

/** Where Help → documentation points: the platform's event reference and operator guide. */
export const helpLinks = [
  {
    label: 'Platform Events Documentation',
    url: 'https://docs.amigo.ai/developer-guide/platform-api/platform-api/events',
  },
  {
    label: 'Operators and Escalations',
    url: 'https://docs.amigo.ai/voice-and-phone/voice/operators',
  },
] as const

export interface MenuOptions {
  appName: string
  /** A packaged app has no reload and no developer tools. */
  packaged: boolean
  platform: NodeJS.Platform
}

/**
 * The application menu as a template (pure, so a test can read it). Reload and the developer tools
 * exist only in development: in a packaged app a reload would drop the live view for nothing, and
 * the developer tools would open the renderer, PHI included, to anyone at the keyboard.
 */
export function menuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const { appName, packaged, platform } = options
  const isMac = platform === 'darwin'

  const appMenu: MenuItemConstructorOptions = isMac
    ? {
        label: appName,
        submenu: [
          { role: 'about' },
          { type: 'separator' },
          { role: 'services' },
          { type: 'separator' },
          { role: 'hide' },
          { role: 'hideOthers' },
          { role: 'unhide' },
          { type: 'separator' },
          { role: 'quit' },
        ],
      }
    : { label: '&File', submenu: [{ role: 'quit' }] }

  const development: MenuItemConstructorOptions[] = packaged
    ? []
    : [
        { role: 'reload' },
        { role: 'forceReload' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
      ]

  return [
    appMenu,
    {
      label: '&Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    {
      label: '&View',
      submenu: [
        ...development,
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: helpLinks.map(({ label, url }) => ({
        label,
        click: () => {
          void shell.openExternal(url)
        },
      })),
    },
  ]
}

export function installApplicationMenu(options: MenuOptions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(options)))
}
