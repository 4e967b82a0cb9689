/**
 * Scaffolder action `provisioning:request`.
 *
 * @packageDocumentation
 */
export { scaffolderModuleProvisioning as default } from './module';
export { createRequestProvisioningAction } from './actions/requestProvisioning';
