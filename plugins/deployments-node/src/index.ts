/**
 * Node library of the deployments plugin: the Argo CD client, and the
 * Argo CD / Argo Rollouts contract (`@internal/api-argocd`) re-exported for
 * the backend.
 *
 * @packageDocumentation
 */
export * from '@internal/api-argocd';
export { ArgoCDClient } from './argocd/ArgoCDClient';
export { Pacer } from './argocd/streamJson';
export type {
  ApplicationQuery,
  ApplicationScope,
  ApplicationWatchEvent,
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
  HELD_AUTOMATED_ANNOTATION,
  SYNC_HELD_ANNOTATION,
  holdAutomatedSync,
  releaseSyncHoldPatch,
  releasedApplication,
  syncHeldFor,
} from './argocd/syncHold';
export { readArgoCDInstancesConfig } from './config/argoCDInstancesConfig';
export type { ArgoCDInstanceConfig } from './config/argoCDInstancesConfig';
export { GitHubWriter } from './github/GitHubWriter';
export type {
  CommitFileRequest,
  CommitFileResult,
  GitHubCommit,
  GitHubFile,
  GitHubWriterOptions,
} from './github/GitHubWriter';
export { GitHubPullRequests } from './github/GitHubPullRequests';
export type {
  GitHubPullRequest,
  GitHubPullRequestsOptions,
} from './github/GitHubPullRequests';
export { GitHubWriteError } from './github/GitHubWriteError';
export type { GitHubWriteErrorReason } from './github/GitHubWriteError';
export { parseGitHubRepositoryUrl } from './github/repositoryUrl';
export type {
  GitHubRepository,
  ParsedRepositoryUrl,
} from './github/repositoryUrl';
