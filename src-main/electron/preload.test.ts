import { describe, expect, it, vi } from 'vitest'
import type { AppBridge, PushMessage } from '../api/contract'

vi.mock('electron', () => import('./fake-electron'))

const fake = await import('./fake-electron')
const { ipcChannels, methodNames } = await import('../api/channels')
await import('./preload')

function exposed(): { key: string; bridge: AppBridge } {
  expect(fake.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1)
  const [key, bridge] = fake.contextBridge.exposeInMainWorld.mock.calls[0] ?? []
  return { key: String(key), bridge: bridge as AppBridge }
}

describe('the preload', () => {
  it('exposes exactly the contract’s methods and subscribe, as window.callObserver', () => {
    const { key, bridge } = exposed()
    expect(key).toBe('callObserver')
    expect(Object.keys(bridge).sort()).toEqual([...methodNames, 'subscribe'].sort())
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function')
    // Never the IPC primitives themselves.
    expect(Object.values(bridge)).not.toContain(fake.ipcRenderer)
    expect(Object.values(bridge)).not.toContain(fake.ipcRenderer.invoke)
  })

  it('sends each command on the one invoke channel as { method, input }', async () => {
    const { bridge } = exposed()
    fake.ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: 'answer' })
    const credentials = { baseUrl: 'https://api.example', workspaceId: 'w', apiKey: 'k' }
    await expect(bridge['workspace.check'](credentials)).resolves.toEqual({
      ok: true,
      value: 'answer',
    })
    expect(fake.ipcRenderer.invoke).toHaveBeenLastCalledWith(ipcChannels.invoke, {
      method: 'workspace.check',
      input: credentials,
    })
    await bridge['app.getState'](undefined)
    expect(fake.ipcRenderer.invoke).toHaveBeenLastCalledWith(ipcChannels.invoke, {
      method: 'app.getState',
      input: undefined,
    })
  })

  it('hands pushes to listeners without the IPC event, until unsubscribed', () => {
    const { bridge } = exposed()
    const received: unknown[][] = []
    const unsubscribe = bridge.subscribe((...args: unknown[]) => {
      received.push(args)
    })
    const message: PushMessage = { event: 'escalations.changed', payload: [] }
    const ipcEvent = { sender: fake.ipcRenderer, ports: [] }
    fake.ipcRenderer.emit(ipcChannels.event, ipcEvent, message)
    expect(received).toEqual([[message]])

    fake.ipcRenderer.emit('some:other-channel', ipcEvent, message)
    unsubscribe()
    fake.ipcRenderer.emit(ipcChannels.event, ipcEvent, message)
    expect(received).toHaveLength(1)
    expect(fake.ipcRenderer.listeners.get(ipcChannels.event)).toEqual([])
  })
})
