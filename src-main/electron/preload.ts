import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { ipcChannels, methodNames } from '../api/channels'
import type { AppBridge, Envelope, MethodName, PushMessage } from '../api/contract'

// The sandboxed preload: it may use only `contextBridge` and `ipcRenderer` (sandboxed preloads
// cannot require anything else) and the shared channel constants. The renderer gets one named
// function per command and a subscription, never `ipcRenderer` or a channel of its choosing;
// main validates the sender and the input of every call.

/**
 * One command. Main answers each method with its own envelope; typed `(unknown) => Envelope<never>`
 * the one function fits every method's signature, so `satisfies` below still checks the set.
 */
type Command = (input: unknown) => Promise<Envelope<never>>

function command(method: MethodName): Command {
  return (input) =>
    ipcRenderer.invoke(ipcChannels.invoke, { method, input }) as Promise<Envelope<never>>
}

// Built from the list, so a new method needs no edit here; a method missing from the list fails
// the `satisfies AppBridge` check.
const commands = Object.fromEntries(
  methodNames.map((method) => [method, command(method)]),
) as Record<(typeof methodNames)[number], Command>

const bridge = {
  ...commands,
  subscribe(listener: (message: PushMessage) => void): () => void {
    // The IpcRendererEvent carries `sender` (ipcRenderer itself): it never reaches the page.
    const forward = (_event: IpcRendererEvent, message: PushMessage) => {
      listener(message)
    }
    ipcRenderer.on(ipcChannels.event, forward)
    return () => {
      ipcRenderer.removeListener(ipcChannels.event, forward)
    }
  },
} satisfies AppBridge

contextBridge.exposeInMainWorld('callObserver', bridge)
