import { spawn } from 'node:child_process'

function openerFor(platform: NodeJS.Platform, url: string): [string, string[]] {
  if (platform === 'darwin') return ['open', [url]]
  if (platform === 'win32') return ['cmd', ['/c', 'start', '""', url]]
  return ['xdg-open', [url]]
}

/** Asks the desktop to open a URL in the default browser; resolves false where it cannot. */
export function openInBrowser(url: string, platform = process.platform): Promise<boolean> {
  const [command, args] = openerFor(platform, url)
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'ignore', detached: true })
    child.once('error', () => {
      resolve(false)
    })
    child.once('spawn', () => {
      child.unref()
      resolve(true)
    })
  })
}
