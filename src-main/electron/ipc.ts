import { ipcMain, type IpcMainInvokeEvent, type WebFrameMain } from 'electron'
import { ipcChannels } from '../api/channels'
import type { AppHandlers, Envelope, PushMessage } from '../api/contract'
import { dispatch } from '../core/service/dispatch'

/** What the IPC binding needs of the core service. */
export interface ServicePort {
  readonly handlers: AppHandlers
  subscribe(listener: (message: PushMessage) => void): () => void
}

/** What the binding needs of a window (a `BrowserWindow`). */
export interface AppWindow {
  isDestroyed(): boolean
  readonly webContents: {
    readonly mainFrame: Pick<WebFrameMain, 'processId' | 'frameToken'>
    isDestroyed(): boolean
    getURL(): string
    send(channel: string, message: PushMessage): void
  }
}

export interface IpcOptions {
  service: ServicePort
  /** Our windows (the app opens no others). */
  windows: () => readonly AppWindow[]
  /** Whether a frame's URL is our renderer. */
  isAppUrl: (url: string) => boolean
  log: (line: string) => void
}

const refused: Envelope<never> = {
  ok: false,
  error: { code: 'forbidden', message: 'This page may not use the Call Observer API.' },
}

function isLive(window: AppWindow): boolean {
  return !window.isDestroyed() && !window.webContents.isDestroyed()
}

/**
 * Only our renderer may call: the request must come from the main frame of one of our windows
 * (not an iframe, another webContents, or a frame that has since gone) showing our app's URL.
 * After VS Code's `validatedIpcMain` and Actual's `trusted-url.ts`.
 */
export function isTrustedSender(
  event: IpcMainInvokeEvent,
  windows: readonly AppWindow[],
  isAppUrl: (url: string) => boolean,
): boolean {
  const frame = event.senderFrame
  if (frame === null) return false
  const window = windows.find(
    (candidate) => isLive(candidate) && candidate.webContents === event.sender,
  )
  if (!window) return false
  const main = window.webContents.mainFrame
  const isMainFrame =
    frame.parent === null &&
    frame.processId === main.processId &&
    frame.frameToken === main.frameToken
  return isMainFrame && isAppUrl(frame.url)
}

/** Names what a refused sender was, for the log; a URL is cut to its origin (no paths, no PHI). */
function describeSender(event: IpcMainInvokeEvent): string {
  const url = event.senderFrame?.url ?? ''
  let origin = 'unknown origin'
  try {
    origin = url.startsWith('file:') ? 'file:' : new URL(url).origin
  } catch {
    // An unparsable URL is reported as unknown.
  }
  return `webContents ${event.sender.id}, frame ${event.frameId}, ${origin}`
}

/** An unexpected failure, logged by its type and stack only: its message could hold PHI. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return typeof error
  // Only the `at …` lines: a message spanning lines would otherwise leak through the stack.
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .slice(0, 5)
    .join('\n')
  return `${error.name}${frames ? `\n${frames}` : ''}`
}

/**
 * Binds the core service to Electron IPC: commands on `app:invoke` (sender first, then the method
 * and its input, in `dispatch`), pushes on `app:event` to our live windows. Returns the undo.
 */
export function registerIpc(options: IpcOptions): () => void {
  const { service, windows, isAppUrl, log } = options

  ipcMain.handle(ipcChannels.invoke, (event, request: unknown) => {
    if (!isTrustedSender(event, windows(), isAppUrl)) {
      log(`refused an API call from a foreign sender (${describeSender(event)})`)
      return refused
    }
    const { method, input } = (typeof request === 'object' && request !== null ? request : {}) as {
      method?: unknown
      input?: unknown
    }
    return dispatch(service.handlers, method, input, (name, error) => {
      log(`${name} failed unexpectedly: ${describeError(error)}`)
    })
  })

  const unsubscribe = service.subscribe((message) => {
    for (const window of windows()) {
      // Pushes carry PHI: only to a live window that still shows our page.
      if (isLive(window) && isAppUrl(window.webContents.getURL())) {
        window.webContents.send(ipcChannels.event, message)
      }
    }
  })

  return () => {
    ipcMain.removeHandler(ipcChannels.invoke)
    unsubscribe()
  }
}
