/**
 * The provisioning backend plugin: Terraform Cloud (and other engines)
 * provision a service's tiers per environment, with approvals.
 *
 * @packageDocumentation
 */
export { provisioningPlugin as default } from './plugin';
