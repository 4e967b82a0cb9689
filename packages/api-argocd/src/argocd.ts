/*
 * The Argo CD API objects the deployments plugin reads and writes: the
 * definitions of Argo CD's swagger (spec/argocd-swagger.json, a copy of
 * shared/specs/argocd-swagger.json), generated into generated/argocd.ts by
 * `yarn generate` and exported here under their swagger names.
 *
 * Every field is optional, as in the swagger: Argo CD is written in Go and
 * omits empty fields, so code reading these objects must not assume that
 * any of them is present.
 */
import type { components } from './generated/argocd';

type Schemas = components['schemas'];

export type v1Time = Schemas['v1Time'];
export type v1ObjectMeta = Schemas['v1ObjectMeta'];
export type v1OwnerReference = Schemas['v1OwnerReference'];
export type v1ListMeta = Schemas['v1ListMeta'];
export type v1alpha1HelmParameter = Schemas['v1alpha1HelmParameter'];
export type v1alpha1ApplicationSourceHelm =
  Schemas['v1alpha1ApplicationSourceHelm'];
export type v1alpha1ApplicationSource = Schemas['v1alpha1ApplicationSource'];
export type v1alpha1ApplicationDestination =
  Schemas['v1alpha1ApplicationDestination'];
export type v1alpha1SyncPolicyAutomated =
  Schemas['v1alpha1SyncPolicyAutomated'];
export type v1alpha1Backoff = Schemas['v1alpha1Backoff'];
export type v1alpha1RetryStrategy = Schemas['v1alpha1RetryStrategy'];
export type v1alpha1SyncPolicy = Schemas['v1alpha1SyncPolicy'];
export type v1alpha1Info = Schemas['v1alpha1Info'];
export type v1alpha1ApplicationSpec = Schemas['v1alpha1ApplicationSpec'];
export type v1alpha1OperationInitiator = Schemas['v1alpha1OperationInitiator'];
export type v1alpha1SyncStrategyApply = Schemas['v1alpha1SyncStrategyApply'];
export type v1alpha1SyncStrategy = Schemas['v1alpha1SyncStrategy'];
export type v1alpha1SyncOperationResource =
  Schemas['v1alpha1SyncOperationResource'];
export type v1alpha1SyncOperation = Schemas['v1alpha1SyncOperation'];
export type v1alpha1Operation = Schemas['v1alpha1Operation'];
export type v1alpha1ResourceResult = Schemas['v1alpha1ResourceResult'];
export type v1alpha1SyncOperationResult =
  Schemas['v1alpha1SyncOperationResult'];
export type v1alpha1OperationState = Schemas['v1alpha1OperationState'];
export type v1alpha1RevisionHistory = Schemas['v1alpha1RevisionHistory'];
export type v1alpha1ComparedTo = Schemas['v1alpha1ComparedTo'];
export type v1alpha1SyncStatus = Schemas['v1alpha1SyncStatus'];
export type v1alpha1AppHealthStatus = Schemas['v1alpha1AppHealthStatus'];
export type v1alpha1HealthStatus = Schemas['v1alpha1HealthStatus'];
export type applicationv1alpha1ResourceStatus =
  Schemas['applicationv1alpha1ResourceStatus'];
export type v1alpha1ApplicationSummary = Schemas['v1alpha1ApplicationSummary'];
export type v1alpha1ApplicationCondition =
  Schemas['v1alpha1ApplicationCondition'];
export type v1alpha1ApplicationStatus = Schemas['v1alpha1ApplicationStatus'];
export type v1alpha1Application = Schemas['v1alpha1Application'];
export type v1alpha1ApplicationList = Schemas['v1alpha1ApplicationList'];
export type v1alpha1ResourceRef = Schemas['v1alpha1ResourceRef'];
export type v1alpha1InfoItem = Schemas['v1alpha1InfoItem'];
export type v1alpha1ResourceNetworkingInfo =
  Schemas['v1alpha1ResourceNetworkingInfo'];
export type v1alpha1ResourceNode = Schemas['v1alpha1ResourceNode'];
export type v1alpha1HostInfo = Schemas['v1alpha1HostInfo'];
export type v1alpha1ApplicationTree = Schemas['v1alpha1ApplicationTree'];
export type applicationApplicationResourceResponse =
  Schemas['applicationApplicationResourceResponse'];
export type applicationApplicationRollbackRequest =
  Schemas['applicationApplicationRollbackRequest'];
export type applicationSyncOptions = Schemas['applicationSyncOptions'];
export type applicationApplicationSyncRequest =
  Schemas['applicationApplicationSyncRequest'];
export type applicationApplicationPatchRequest =
  Schemas['applicationApplicationPatchRequest'];
export type applicationResourceActionParameters =
  Schemas['applicationResourceActionParameters'];
export type applicationResourceActionRunRequestV2 =
  Schemas['applicationResourceActionRunRequestV2'];
export type v1alpha1ResourceAction = Schemas['v1alpha1ResourceAction'];
export type applicationResourceActionsListResponse =
  Schemas['applicationResourceActionsListResponse'];
export type repositoryManifestResponse = Schemas['repositoryManifestResponse'];
export type v1alpha1RevisionMetadata = Schemas['v1alpha1RevisionMetadata'];
export type sessionSessionCreateRequest =
  Schemas['sessionSessionCreateRequest'];
export type sessionSessionResponse = Schemas['sessionSessionResponse'];
export type protobufAny = Schemas['protobufAny'];
export type runtimeError = Schemas['runtimeError'];
export type runtimeStreamError = Schemas['runtimeStreamError'];
export type v1GroupKind = Schemas['v1GroupKind'];
export type v1alpha1ClusterResourceRestrictionItem =
  Schemas['v1alpha1ClusterResourceRestrictionItem'];
export type v1alpha1SyncWindow = Schemas['v1alpha1SyncWindow'];
export type v1alpha1AppProjectSpec = Schemas['v1alpha1AppProjectSpec'];
export type v1alpha1AppProject = Schemas['v1alpha1AppProject'];
export type projectProjectCreateRequest =
  Schemas['projectProjectCreateRequest'];

/*
 * Hand-typed: the values of string fields the swagger leaves open (Go
 * strings). Argo CD documents them in its operator manual: health statuses
 * in docs/operator-manual/health.md ("Healthy", "Progressing", "Degraded",
 * "Suspended", "Missing", "Unknown"; gitops-engine pkg/health), sync
 * statuses and operation phases in docs/user-guide/sync-waves.md and
 * gitops-engine pkg/sync/common/types.go.
 */

/** The phases of `status.operationState.phase`. */
export type OperationPhase =
  | 'Running'
  | 'Terminating'
  | 'Failed'
  | 'Error'
  | 'Succeeded';

/** The values of `status.sync.status`. */
export type SyncStatusCode = 'Synced' | 'OutOfSync' | 'Unknown';

/** The values of Argo CD health statuses, from healthiest to least healthy. */
export type HealthStatusCode =
  | 'Healthy'
  | 'Suspended'
  | 'Progressing'
  | 'Missing'
  | 'Degraded'
  | 'Unknown';
