/**
 * Node library of the provisioning plugin: the Terraform Cloud API client,
 * its errors, run status helpers and the API's resource types.
 *
 * @packageDocumentation
 */

export * from './tfc';
export type * from './engine/ProvisioningEngine';
