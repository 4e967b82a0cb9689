/**
 * Scaffolder actions of the "Create microservice" template:
 * `argocd:create-applications`, `github:repo:resolve` and
 * `catalog:service-name:check`.
 *
 * @packageDocumentation
 */
export { scaffolderModuleDeployments as default } from './module';
export { createArgoCDApplicationsAction } from './actions/createApplications';
export { createResolveRepositoryAction } from './actions/resolveRepository';
export { createCheckServiceNameAction } from './actions/checkServiceName';
export { createWaitForEntityAction } from './actions/waitForEntity';
export {
  createCheckServiceOwnerAction,
  serviceOwnerAnyPermission,
} from './actions/checkServiceOwner';
export { ArgoCDInstances } from './actions/argoCDInstances';
export type { ArgoCDInstance } from './actions/argoCDInstances';
