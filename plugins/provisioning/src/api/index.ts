export { provisioningApiRef } from './ProvisioningApi';
export type { ProvisioningApi } from './ProvisioningApi';
export { ProvisioningClient } from './ProvisioningClient';
