/**
 * Node library of the deployments plugin: the Argo CD client and the
 * Argo CD / Argo Rollouts types shared by the backend and the sandbox.
 *
 * @packageDocumentation
 */
export * from './argocd/types';
export * from './rollouts/types';
export { ArgoCDClient } from './argocd/ArgoCDClient';
export type {
  ApplicationScope,
  ArgoCDClientOptions,
  RequestOptions,
  ResourceRef,
  RolloutAction,
} from './argocd/ArgoCDClient';
export { ArgoCDError } from './argocd/ArgoCDError';
export type { ArgoCDErrorReason } from './argocd/ArgoCDError';
export {
  disableAutoSyncPatch,
  enableAutoSyncPatch,
  isAutoSyncEnabled,
} from './argocd/autoSync';
export {
  analysisRunHealth,
  isWorseHealth,
  rolloutHealth,
} from './rollouts/health';
export type { ResourceHealth } from './rollouts/health';
export { readArgoCDInstancesConfig } from './config/argoCDInstancesConfig';
export type { ArgoCDInstanceConfig } from './config/argoCDInstancesConfig';
