/**
 * The AWS CloudFormation engine of the provisioning backend, as a backend
 * module configured under `provisioning.cloudformation`.
 *
 * @packageDocumentation
 */
export { provisioningModuleCloudFormation as default } from './module';
