export * from './contract'
export * from './live'
export { apiSocketPath, ipcChannels, methodNames } from './channels'
