import type { DemoPlatform } from '../core/service'
import { startSimulator, type SimulatorOptions } from './simulator'

/** "Explore the demo workspace": the simulator on a free loopback port, playing the demo. */
export async function startDemoPlatform(options: SimulatorOptions = {}): Promise<DemoPlatform> {
  const simulator = await startSimulator(options)
  return {
    baseUrl: simulator.baseUrl,
    workspaceId: simulator.workspaceId,
    apiKey: simulator.apiKey,
    close: () => simulator.close(),
  }
}
