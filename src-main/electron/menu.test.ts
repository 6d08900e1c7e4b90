import type { MenuItemConstructorOptions } from 'electron'
import { beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('electron', () => import('./fake-electron'))

const fake = await import('./fake-electron')
const { helpLinks, installApplicationMenu, menuTemplate } = await import('./menu')

/** Every item of the menu, submenus included. */
function flatten(items: readonly MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [
    item,
    ...(Array.isArray(item.submenu) ? flatten(item.submenu) : []),
  ])
}

function roles(options: Parameters<typeof menuTemplate>[0]): string[] {
  return flatten(menuTemplate(options)).flatMap((item) => (item.role ? [item.role] : []))
}

const linux = { appName: 'Call Observer', platform: 'linux' as const }

describe('the application menu', () => {
  beforeEach(() => {
    fake.shell.openExternal.mockClear()
  })

  it('has no reload and no developer tools when packaged', () => {
    const packaged = roles({ ...linux, packaged: true })
    expect(packaged).not.toContain('toggleDevTools')
    expect(packaged).not.toContain('reload')
    expect(packaged).not.toContain('forceReload')
    const development = roles({ ...linux, packaged: false })
    expect(development).toContain('toggleDevTools')
    expect(development).toContain('reload')
  })

  it('has quit, the edit roles, zoom, full screen and the window menu', () => {
    const all = roles({ ...linux, packaged: true })
    for (const role of [
      'quit',
      'undo',
      'redo',
      'cut',
      'copy',
      'paste',
      'selectAll',
      'resetZoom',
      'zoomIn',
      'zoomOut',
      'togglefullscreen',
      'windowMenu',
      'help',
    ]) {
      expect(all, role).toContain(role)
    }
    expect(roles({ ...linux, platform: 'darwin', packaged: true })).toContain('about')
  })

  it('opens help in the user’s browser, over https', () => {
    const help = menuTemplate({ ...linux, packaged: true }).find((item) => item.role === 'help')
    const items = help?.submenu as MenuItemConstructorOptions[]
    expect(items).toHaveLength(helpLinks.length)
    for (const link of helpLinks) expect(link.url).toMatch(/^https:\/\//)
    ;(items[0]?.click as () => void)()
    expect(fake.shell.openExternal).toHaveBeenCalledWith(helpLinks[0].url)
  })

  it('is installed as the application menu', () => {
    installApplicationMenu({ ...linux, packaged: true })
    const installed = (fake.Menu.current as { template: MenuItemConstructorOptions[] }).template
    const shape = (items: MenuItemConstructorOptions[]) =>
      flatten(items).map((item) => item.role ?? item.label ?? item.type)
    expect(shape(installed)).toEqual(shape(menuTemplate({ ...linux, packaged: true })))
  })
})
