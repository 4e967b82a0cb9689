/**
 * Node library of the deployments plugin: the Argo CD client and the
 * Argo CD / Argo Rollouts types shared by the backend and the sandbox.
 *
 * @packageDocumentation
 */
export * from './argocd/types';
export * from './rollouts/types';
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
export {
  analysisRunHealth,
  isWorseHealth,
  rolloutHealth,
} from './rollouts/health';
export type { ResourceHealth } from './rollouts/health';
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
