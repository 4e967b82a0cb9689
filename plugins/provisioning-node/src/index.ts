/**
 * Node library of the provisioning plugin: the Terraform Cloud API client,
 * its errors, run status helpers and the API's resource types, and the
 * provisioning engines (Terraform Cloud, AWS CloudFormation).
 *
 * @packageDocumentation
 */

export * from './tfc';
export * from './cloudformation';
export type * from './engine/ProvisioningEngine';
export * from './extensions';
