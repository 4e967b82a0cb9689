/*
 * The Argo CD API objects the deployments plugin reads and writes, named
 * exactly after the definitions of Argo CD's swagger
 * (shared/specs/argocd-swagger.json, `#/definitions/<name>`), so each type
 * can be checked against the contract by name.
 *
 * Only the fields we use are typed. Every field is optional, as in the
 * swagger: Argo CD is written in Go and omits empty fields, so code reading
 * these objects must not assume that any of them is present.
 */

/** RFC 3339 timestamp, e.g. `2025-01-10T10:11:40Z`. */
export type v1Time = string;

/** Kubernetes ObjectMeta. */
export interface v1ObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: v1Time;
  deletionTimestamp?: v1Time;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: v1OwnerReference[];
}

export interface v1OwnerReference {
  apiVersion?: string;
  kind?: string;
  name?: string;
  uid?: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface v1ListMeta {
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
}

export interface v1alpha1HelmParameter {
  name?: string;
  value?: string;
  forceString?: boolean;
}

export interface v1alpha1ApplicationSourceHelm {
  valueFiles?: string[];
  parameters?: v1alpha1HelmParameter[];
  values?: string;
  releaseName?: string;
}

export interface v1alpha1ApplicationSource {
  repoURL?: string;
  path?: string;
  targetRevision?: string;
  chart?: string;
  ref?: string;
  name?: string;
  helm?: v1alpha1ApplicationSourceHelm;
  /** Kustomize, directory and plugin sources are not used by the portal. */
  kustomize?: Record<string, unknown>;
  directory?: Record<string, unknown>;
  plugin?: Record<string, unknown>;
}

export interface v1alpha1ApplicationDestination {
  /** The cluster's API URL; either this or `name` is set. */
  server?: string;
  /** The cluster's name in Argo CD; either this or `server` is set. */
  name?: string;
  namespace?: string;
}

export interface v1alpha1SyncPolicyAutomated {
  prune?: boolean;
  selfHeal?: boolean;
  allowEmpty?: boolean;
  /**
   * Argo CD >= 3.1: `false` switches auto-sync off while keeping its
   * settings. Auto-sync is on when `automated` is set and this is not false.
   */
  enabled?: boolean;
}

export interface v1alpha1Backoff {
  duration?: string;
  factor?: number;
  maxDuration?: string;
}

export interface v1alpha1RetryStrategy {
  limit?: number;
  backoff?: v1alpha1Backoff;
  refresh?: boolean;
}

export interface v1alpha1SyncPolicy {
  automated?: v1alpha1SyncPolicyAutomated;
  syncOptions?: string[];
  retry?: v1alpha1RetryStrategy;
}

export interface v1alpha1Info {
  name?: string;
  value?: string;
}

export interface v1alpha1ApplicationSpec {
  /** The empty string means the `default` project. */
  project?: string;
  source?: v1alpha1ApplicationSource;
  /** Multi-source applications use `sources` instead of `source`. */
  sources?: v1alpha1ApplicationSource[];
  destination?: v1alpha1ApplicationDestination;
  syncPolicy?: v1alpha1SyncPolicy;
  /** How many history entries Argo CD keeps; 10 when unset. */
  revisionHistoryLimit?: number;
  info?: v1alpha1Info[];
}

export interface v1alpha1OperationInitiator {
  /** The user who started the operation; absent for automated syncs. */
  username?: string;
  /** True when the application controller started it (auto-sync). */
  automated?: boolean;
}

export interface v1alpha1SyncStrategyApply {
  force?: boolean;
}

export interface v1alpha1SyncStrategy {
  apply?: v1alpha1SyncStrategyApply;
  hook?: { syncStrategyApply?: v1alpha1SyncStrategyApply };
}

export interface v1alpha1SyncOperationResource {
  group?: string;
  kind?: string;
  name?: string;
  namespace?: string;
}

export interface v1alpha1SyncOperation {
  revision?: string;
  revisions?: string[];
  prune?: boolean;
  dryRun?: boolean;
  syncOptions?: string[];
  syncStrategy?: v1alpha1SyncStrategy;
  resources?: v1alpha1SyncOperationResource[];
  /** Set by a rollback: the source of the history entry rolled back to. */
  source?: v1alpha1ApplicationSource;
  sources?: v1alpha1ApplicationSource[];
}

export interface v1alpha1Operation {
  sync?: v1alpha1SyncOperation;
  initiatedBy?: v1alpha1OperationInitiator;
  info?: v1alpha1Info[];
  retry?: v1alpha1RetryStrategy;
}

export interface v1alpha1ResourceResult {
  group?: string;
  version?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  /** Synced, SyncFailed, Pruned or PruneSkipped. */
  status?: string;
  message?: string;
  hookType?: string;
  hookPhase?: string;
  syncPhase?: string;
  images?: string[];
}

export interface v1alpha1SyncOperationResult {
  revision?: string;
  revisions?: string[];
  source?: v1alpha1ApplicationSource;
  sources?: v1alpha1ApplicationSource[];
  resources?: v1alpha1ResourceResult[];
}

/** The phases of `status.operationState.phase`. */
export type OperationPhase =
  | 'Running'
  | 'Terminating'
  | 'Failed'
  | 'Error'
  | 'Succeeded';

export interface v1alpha1OperationState {
  operation?: v1alpha1Operation;
  phase?: OperationPhase;
  message?: string;
  startedAt?: v1Time;
  finishedAt?: v1Time;
  retryCount?: number;
  syncResult?: v1alpha1SyncOperationResult;
}

/** One completed sync (or rollback) of an application. */
export interface v1alpha1RevisionHistory {
  /** Auto-incrementing, starting at 0; the id a rollback asks for. */
  id?: number;
  /** The git commit (or chart version) that was deployed. */
  revision?: string;
  revisions?: string[];
  deployedAt?: v1Time;
  deployStartedAt?: v1Time;
  source?: v1alpha1ApplicationSource;
  sources?: v1alpha1ApplicationSource[];
  initiatedBy?: v1alpha1OperationInitiator;
}

export interface v1alpha1ComparedTo {
  source?: v1alpha1ApplicationSource;
  sources?: v1alpha1ApplicationSource[];
  destination?: v1alpha1ApplicationDestination;
}

/** The values of `status.sync.status`. */
export type SyncStatusCode = 'Synced' | 'OutOfSync' | 'Unknown';

export interface v1alpha1SyncStatus {
  status?: SyncStatusCode;
  /**
   * The revision the desired state was compared at (the target, e.g. the
   * head of the tracked branch) — not necessarily what is deployed: after a
   * rollback the application is OutOfSync and the deployed revision is the
   * last history entry's.
   */
  revision?: string;
  revisions?: string[];
  comparedTo?: v1alpha1ComparedTo;
}

/** The values of Argo CD health statuses, from healthiest to least healthy. */
export type HealthStatusCode =
  | 'Healthy'
  | 'Suspended'
  | 'Progressing'
  | 'Missing'
  | 'Degraded'
  | 'Unknown';

export interface v1alpha1AppHealthStatus {
  status?: HealthStatusCode;
  message?: string;
  lastTransitionTime?: v1Time;
}

export interface v1alpha1HealthStatus {
  status?: HealthStatusCode;
  message?: string;
  lastTransitionTime?: v1Time;
}

/** A resource managed by an application (`status.resources[]`). */
export interface applicationv1alpha1ResourceStatus {
  group?: string;
  version?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  status?: SyncStatusCode;
  /**
   * Only present when the controller persists resource health
   * (`controller.resource.health.persist`, off by default since Argo CD 3.0,
   * and then `status.resourceHealthSource` is `appTree`): the list endpoint
   * then has no per-resource health; get and the resource tree do.
   */
  health?: v1alpha1HealthStatus;
  hook?: boolean;
  requiresPruning?: boolean;
  syncWave?: number;
}

export interface v1alpha1ApplicationSummary {
  images?: string[];
  externalURLs?: string[];
}

export interface v1alpha1ApplicationCondition {
  type?: string;
  message?: string;
  lastTransitionTime?: v1Time;
}

export interface v1alpha1ApplicationStatus {
  sync?: v1alpha1SyncStatus;
  health?: v1alpha1AppHealthStatus;
  history?: v1alpha1RevisionHistory[];
  operationState?: v1alpha1OperationState;
  resources?: applicationv1alpha1ResourceStatus[];
  /** `appTree` (default since 3.0) or empty when health is inline. */
  resourceHealthSource?: string;
  summary?: v1alpha1ApplicationSummary;
  conditions?: v1alpha1ApplicationCondition[];
  reconciledAt?: v1Time;
  observedAt?: v1Time;
  sourceType?: string;
  sourceTypes?: string[];
  controllerNamespace?: string;
}

export interface v1alpha1Application {
  metadata?: v1ObjectMeta;
  spec?: v1alpha1ApplicationSpec;
  status?: v1alpha1ApplicationStatus;
  /** Set while an operation is requested or running; cleared when done. */
  operation?: v1alpha1Operation;
}

export interface v1alpha1ApplicationList {
  metadata?: v1ListMeta;
  items?: v1alpha1Application[];
}

export interface v1alpha1ResourceRef {
  group?: string;
  version?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
}

export interface v1alpha1InfoItem {
  name?: string;
  value?: string;
}

export interface v1alpha1ResourceNetworkingInfo {
  targetLabels?: Record<string, string>;
  targetRefs?: v1alpha1ResourceRef[];
  labels?: Record<string, string>;
  externalURLs?: string[];
}

/** A live resource in an application's resource tree. */
export interface v1alpha1ResourceNode extends v1alpha1ResourceRef {
  parentRefs?: v1alpha1ResourceRef[];
  info?: v1alpha1InfoItem[];
  networkingInfo?: v1alpha1ResourceNetworkingInfo;
  resourceVersion?: string;
  images?: string[];
  health?: v1alpha1HealthStatus;
  createdAt?: v1Time;
}

export interface v1alpha1HostInfo {
  name?: string;
  labels?: Record<string, string>;
}

export interface v1alpha1ApplicationTree {
  nodes?: v1alpha1ResourceNode[];
  orphanedNodes?: v1alpha1ResourceNode[];
  hosts?: v1alpha1HostInfo[];
  shardsCount?: number;
}

/** The answer of `GET /api/v1/applications/{name}/resource`. */
export interface applicationApplicationResourceResponse {
  /** The live object as a JSON string. */
  manifest?: string;
}

export interface applicationApplicationRollbackRequest {
  name?: string;
  /** The `id` of the history entry to roll back to. */
  id?: number;
  dryRun?: boolean;
  prune?: boolean;
  appNamespace?: string;
  project?: string;
}

export interface applicationSyncOptions {
  items?: string[];
}

export interface applicationApplicationSyncRequest {
  name?: string;
  revision?: string;
  dryRun?: boolean;
  prune?: boolean;
  strategy?: v1alpha1SyncStrategy;
  resources?: v1alpha1SyncOperationResource[];
  syncOptions?: applicationSyncOptions;
  retryStrategy?: v1alpha1RetryStrategy;
  infos?: v1alpha1Info[];
  appNamespace?: string;
  project?: string;
}

export interface applicationApplicationPatchRequest {
  name?: string;
  /** The patch document as a JSON string. */
  patch?: string;
  /** `json` (RFC 6902, the default) or `merge` (RFC 7386). */
  patchType?: string;
  appNamespace?: string;
  project?: string;
}

export interface applicationResourceActionParameters {
  name?: string;
  value?: string;
}

export interface applicationResourceActionRunRequestV2 {
  name?: string;
  namespace?: string;
  resourceName?: string;
  version?: string;
  group?: string;
  kind?: string;
  action?: string;
  resourceActionParameters?: applicationResourceActionParameters[];
  appNamespace?: string;
  project?: string;
}

export interface v1alpha1ResourceAction {
  name?: string;
  disabled?: boolean;
  displayName?: string;
  iconClass?: string;
}

export interface applicationResourceActionsListResponse {
  actions?: v1alpha1ResourceAction[];
}

/** The answer of `GET /api/v1/applications/{name}/manifests`. */
export interface repositoryManifestResponse {
  /** The desired objects at the revision, each as a JSON string. */
  manifests?: string[];
  namespace?: string;
  server?: string;
  /** The resolved revision (a commit SHA). */
  revision?: string;
  sourceType?: string;
}

/** The answer of `GET /api/v1/applications/{name}/revisions/{revision}/metadata`. */
export interface v1alpha1RevisionMetadata {
  /** e.g. `Jane Doe <jane@example.com>`. */
  author?: string;
  date?: v1Time;
  message?: string;
  tags?: string[];
  signatureInfo?: string;
}

export interface sessionSessionCreateRequest {
  username?: string;
  password?: string;
}

export interface sessionSessionResponse {
  token?: string;
}

export interface protobufAny {
  type_url?: string;
  value?: string;
}

/**
 * Argo CD's error body (grpc-gateway): `code` is the gRPC status code, e.g.
 * 3 InvalidArgument, 5 NotFound, 7 PermissionDenied, 9 FailedPrecondition,
 * 16 Unauthenticated.
 */
export interface runtimeError {
  error?: string;
  code?: number;
  message?: string;
  details?: protobufAny[];
}

/** An error line of a streaming answer (a watch), as grpc-gateway sends it. */
export interface runtimeStreamError {
  grpc_code?: number;
  http_code?: number;
  message?: string;
  http_status?: string;
  details?: protobufAny[];
}

/** A kind the project allows (`group: ''` is the core group; `*` matches any). */
export interface v1GroupKind {
  group?: string;
  kind?: string;
}

export interface v1alpha1ClusterResourceRestrictionItem {
  group?: string;
  kind?: string;
}

/** When Argo CD may (`allow`) or may not (`deny`) sync the matching apps. */
export interface v1alpha1SyncWindow {
  kind?: string;
  schedule?: string;
  duration?: string;
  timeZone?: string;
  applications?: string[];
  namespaces?: string[];
  clusters?: string[];
  manualSync?: boolean;
}

export interface v1alpha1AppProjectSpec {
  description?: string;
  /** Repositories the project's apps may deploy from; `*` allows any. */
  sourceRepos?: string[];
  /** Where the project's apps may deploy to; `*` matches any name or namespace. */
  destinations?: v1alpha1ApplicationDestination[];
  clusterResourceWhitelist?: v1alpha1ClusterResourceRestrictionItem[];
  namespaceResourceWhitelist?: v1GroupKind[];
  syncWindows?: v1alpha1SyncWindow[];
}

/** An Argo CD project: which repos, clusters and kinds its apps may use. */
export interface v1alpha1AppProject {
  metadata?: v1ObjectMeta;
  spec?: v1alpha1AppProjectSpec;
}

/** The body of `POST /api/v1/projects`. */
export interface projectProjectCreateRequest {
  project?: v1alpha1AppProject;
  /** Replace an existing project whose spec differs instead of refusing. */
  upsert?: boolean;
}
