/**
 * The provisioning plugin's frontend: the entity's Infrastructure tab.
 *
 * @packageDocumentation
 */
export { provisioningPlugin as default } from './plugin';
export { provisioningApiRef, ProvisioningClient } from './api';
export type { ProvisioningApi } from './api';
