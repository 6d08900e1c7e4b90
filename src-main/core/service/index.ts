export { ApiFailure } from './api-failure'
export { AppService, type AppServiceOptions, type DemoPlatform } from './app-service'
export { dispatch } from './dispatch'
export { RunOnlyVault, type KeyVault, type SecretName } from './key-vault'
