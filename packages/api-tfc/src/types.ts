/**
 * The JSON:API documents of the Terraform Cloud API v2 that the provisioning
 * plugin uses, as the API sends them (kebab-case attribute keys). Names and
 * attributes follow `components.schemas` of the HCP Terraform OpenAPI spec
 * (v2-beta); the API docs add a few fields the spec leaves out, marked below.
 *
 * The spec marks no attribute as required. Attributes the API always sends
 * (every documented response has them) are required here, so callers do not
 * have to null-check them; the others stay optional.
 *
 * The sandbox's Terraform Cloud simulator renders these same types, so the
 * client and the simulator cannot drift apart silently.
 */

import type { RunStatus } from './runStatus';

// ---------------------------------------------------------------------------
// JSON:API building blocks

/** `{ id, type }`: a reference to another resource. */
export interface ResourceIdentifier<TType extends string = string> {
  id: string;
  type: TType;
}

/** `links` of a relationship (`related` in the spec). */
export interface RelatedLinks {
  related?: string;
}

/** A to-one relationship (`*-has-one` in the spec); `data` is null when unset. */
export interface HasOne<TType extends string = string> {
  data?: ResourceIdentifier<TType> | null;
  links?: RelatedLinks;
}

/** A to-many relationship (`*-has-many` in the spec). */
export interface HasMany<TType extends string = string> {
  data?: ResourceIdentifier<TType>[];
  links?: RelatedLinks;
}

/** `links` of a resource (`self` in the spec, plus e.g. `download`, `json-output`). */
export interface ResourceLinks {
  self?: string;
  [name: string]: string | null | undefined;
}

/** One JSON:API resource object. */
export interface Resource<
  TType extends string,
  TAttributes,
  TRelationships = Record<string, never>,
> {
  id: string;
  type: TType;
  attributes: TAttributes;
  relationships?: TRelationships;
  links?: ResourceLinks;
}

/** A document holding one resource (`*-envelope` in the spec). */
export interface Document<TData> {
  data: TData;
  /** Side-loaded resources asked for with `?include=`. */
  included?: IncludedResource[];
}

/** `meta.pagination` of a list (`pagination` in the spec). */
export interface Pagination {
  'current-page': number;
  'page-size'?: number;
  'prev-page': number | null;
  'next-page': number | null;
  'total-pages'?: number;
  'total-count'?: number;
}

/** `links` of a list (`self-with-pagination` in the spec); absolute URLs. */
export interface PaginationLinks {
  self?: string;
  first?: string;
  prev?: string | null;
  next?: string | null;
  last?: string;
}

/** A document holding one page of a list. */
export interface ListDocument<TData> {
  data: TData[];
  links?: PaginationLinks;
  meta?: {
    pagination?: Pagination;
    'status-counts'?: Record<string, number>;
  };
  included?: IncludedResource[];
}

/**
 * One JSON:API error object (`errors.items` in the spec). `source` is not in
 * the spec but validation errors carry it (JSON:API, API examples). The docs'
 * 429 example sends `status` as a number, the spec as a string: read it with
 * `String(error.status)`.
 */
export interface ErrorObject {
  status?: string;
  title?: string;
  detail?: string;
  source?: { pointer?: string; parameter?: string };
}

/** An error document (`errors` in the spec). */
export interface ErrorsDocument {
  errors: ErrorObject[];
}

/** Body of the run actions apply, discard and cancel (`action-comment`). */
export interface ActionComment {
  comment?: string | null;
}

// ---------------------------------------------------------------------------
// organizations

/** Attributes of an organization (subset of `organizations`). */
export interface OrganizationAttributes {
  name: string;
  'external-id'?: string;
  'created-at'?: string;
  email?: string;
  'cost-estimation-enabled'?: boolean;
  'plan-identifier'?: string;
  permissions?: {
    'can-update'?: boolean;
    'can-create-workspace'?: boolean;
    [permission: string]: boolean | undefined;
  };
}

/** An organization; its `id` is its name. */
export type Organization = Resource<'organizations', OrganizationAttributes>;

// ---------------------------------------------------------------------------
// workspaces

/** `execution-mode` of a workspace. */
export type ExecutionMode = 'remote' | 'local' | 'agent';

/** `vcs-repo` of a workspace. */
export interface WorkspaceVcsRepo {
  identifier?: string;
  'display-identifier'?: string | null;
  branch?: string | null;
  'ingress-submodules'?: boolean;
  'oauth-token-id'?: string | null;
  'github-app-installation-id'?: string | null;
  'tags-regex'?: string | null;
}

/** `permissions` of a workspace, for the token's user. */
export interface WorkspacePermissions {
  'can-update'?: boolean;
  'can-destroy'?: boolean;
  'can-queue-run'?: boolean;
  'can-read-run'?: boolean;
  'can-read-variable'?: boolean;
  'can-update-variable'?: boolean;
  'can-read-state-versions'?: boolean;
  'can-read-state-outputs'?: boolean;
  'can-create-state-versions'?: boolean;
  'can-queue-apply'?: boolean;
  'can-lock'?: boolean;
  'can-unlock'?: boolean;
  'can-force-unlock'?: boolean;
  'can-read-settings'?: boolean;
  'can-manage-tags'?: boolean;
  'can-manage-run-tasks'?: boolean;
  'can-force-delete'?: boolean;
  'can-manage-assessments'?: boolean;
  'can-manage-ephemeral-workspaces'?: boolean;
  'can-read-assessment-results'?: boolean;
  'can-queue-destroy'?: boolean;
}

/** Attributes of a workspace (`workspaces` in the spec). */
export interface WorkspaceAttributes {
  name: string;
  'allow-destroy-plan'?: boolean;
  'auto-apply': boolean;
  'auto-apply-run-trigger'?: boolean;
  'auto-destroy-activity-duration'?: string | null;
  'auto-destroy-at'?: string | null;
  'auto-destroy-status'?: string | null;
  'inherits-project-auto-destroy'?: boolean;
  'created-at': string;
  environment?: string;
  locked: boolean;
  'queue-all-runs'?: boolean;
  'speculative-enabled'?: boolean;
  'structured-run-output-enabled'?: boolean;
  'terraform-version': string;
  'working-directory'?: string | null;
  'global-remote-state'?: boolean;
  'project-remote-state'?: boolean;
  'updated-at': string;
  'resource-count': number;
  'apply-duration-average'?: number | null;
  'plan-duration-average'?: number | null;
  'policy-check-failures'?: number | null;
  'run-failures'?: number | null;
  'workspace-kpis-runs-count'?: number | null;
  'latest-change-at'?: string | null;
  /** Deprecated; use `execution-mode`. */
  operations?: boolean;
  'execution-mode': ExecutionMode;
  'setting-overwrites'?: { 'execution-mode'?: boolean; 'agent-pool'?: boolean };
  'vcs-repo'?: WorkspaceVcsRepo | null;
  'vcs-repo-identifier'?: string | null;
  permissions?: WorkspacePermissions | null;
  actions?: { 'is-destroyable'?: boolean };
  description?: string | null;
  'file-triggers-enabled'?: boolean;
  'trigger-prefixes'?: string[] | null;
  'trigger-patterns'?: string[] | null;
  'assessments-enabled'?: boolean;
  'last-assessment-result-at'?: string | null;
  'locked-reason'?: string | null;
  source?: string | null;
  'source-name'?: string | null;
  'source-url'?: string | null;
  /** Flat (key-only) tags; key/value tags are tag bindings. */
  'tag-names': string[];
}

/** Relationships of a workspace. */
export interface WorkspaceRelationships {
  organization?: HasOne<'organizations'>;
  'current-run'?: HasOne<'runs'>;
  /** Deprecated; same as `current-run`. */
  'latest-run'?: HasOne<'runs'>;
  'current-state-version'?: HasOne<'state-versions'>;
  'current-configuration-version'?: HasOne<'configuration-versions'>;
  outputs?: HasMany<'workspace-outputs'>;
  project?: HasOne<'projects'>;
  vars?: HasMany<'vars'>;
  /** Not in the spec; the docs' workspace document links the workspace's tag bindings. */
  'tag-bindings'?: { links?: RelatedLinks };
}

/** A workspace. */
export type Workspace = Resource<
  'workspaces',
  WorkspaceAttributes,
  WorkspaceRelationships
>;

/** The workspace attributes a client may set on create or update. */
export type WorkspaceWritableAttributes = Partial<
  Pick<
    WorkspaceAttributes,
    | 'name'
    | 'allow-destroy-plan'
    | 'auto-apply'
    | 'assessments-enabled'
    | 'description'
    | 'execution-mode'
    | 'file-triggers-enabled'
    | 'global-remote-state'
    | 'queue-all-runs'
    | 'source-name'
    | 'source-url'
    | 'speculative-enabled'
    | 'terraform-version'
    | 'working-directory'
  >
>;

/** Attributes of a key/value tag (`tag-bindings` in the spec). */
export interface TagBindingAttributes {
  key: string;
  value?: string;
  'created-at'?: string | null;
}

/** A key/value tag bound to a workspace. */
export type TagBinding = Resource<'tag-bindings', TagBindingAttributes>;

/** A tag binding as sent in a request (no id). */
export interface TagBindingInput {
  type: 'tag-bindings';
  attributes: { key: string; value?: string };
}

/** Body of `POST /organizations/:org/workspaces` and the workspace PATCH endpoints. */
export interface WorkspaceWriteDocument {
  data: {
    type: 'workspaces';
    attributes: WorkspaceWritableAttributes;
    relationships?: {
      'tag-bindings'?: { data: TagBindingInput[] };
    };
  };
}

// ---------------------------------------------------------------------------
// vars

/** `category` of a variable. */
export type VariableCategory =
  | 'terraform'
  | 'env'
  | 'terraform-cloud'
  | 'policy-set';

/** Attributes of a workspace variable (`vars` in the spec). */
export interface VariableAttributes {
  key: string;
  /** Always null for sensitive variables: they are write-only. */
  value: string | null;
  sensitive: boolean;
  category: VariableCategory;
  hcl: boolean;
  'created-at'?: string;
  description: string | null;
  'version-id'?: string;
}

/** Relationships of a workspace variable. */
export interface VariableRelationships {
  configurable?: HasOne<'workspaces'>;
  workspace?: HasOne<'workspaces'>;
}

/** A workspace variable. */
export type Variable = Resource<
  'vars',
  VariableAttributes,
  VariableRelationships
>;

/** The variable attributes a client may send (create: key and category are required). */
export interface VariableWritableAttributes {
  key?: string;
  value?: string;
  description?: string | null;
  category?: VariableCategory;
  hcl?: boolean;
  sensitive?: boolean;
}

/** Body of `POST /workspaces/:id/vars` and `PATCH /workspaces/:id/vars/:var_id`. */
export interface VariableWriteDocument {
  data: {
    type: 'vars';
    id?: string;
    attributes: VariableWritableAttributes;
  };
}

// ---------------------------------------------------------------------------
// configuration-versions

/** `status` of a configuration version. */
export type ConfigurationVersionStatus =
  | 'pending'
  | 'fetching'
  | 'uploaded'
  | 'archived'
  | 'errored'
  | 'backing_data_soft_deleted'
  | 'backing_data_permanently_deleted';

/** Attributes of a configuration version (`configuration-versions` in the spec). */
export interface ConfigurationVersionAttributes {
  'auto-queue-runs'?: boolean;
  error: string | null;
  'error-message': string | null;
  source: string | null;
  speculative: boolean;
  status: ConfigurationVersionStatus;
  'status-timestamps': {
    'fetching-at'?: string | null;
    'uploaded-at'?: string | null;
    'errored-at'?: string | null;
    'archived-at'?: string | null;
  };
  provisional?: boolean;
  /**
   * Where to PUT the tar.gz; only in the create response. A secret (anyone
   * holding it can upload): never log it.
   */
  'upload-url'?: string | null;
}

/** Relationships of a configuration version. */
export interface ConfigurationVersionRelationships {
  'ingress-attributes'?: HasOne<'ingress-attributes'>;
}

/** A configuration version: one uploaded copy of the Terraform configuration. */
export type ConfigurationVersion = Resource<
  'configuration-versions',
  ConfigurationVersionAttributes,
  ConfigurationVersionRelationships
>;

/** Body of `POST /workspaces/:id/configuration-versions`. */
export interface ConfigurationVersionWriteDocument {
  data: {
    type: 'configuration-versions';
    attributes: {
      'auto-queue-runs'?: boolean;
      speculative?: boolean;
      provisional?: boolean;
    };
  };
}

// ---------------------------------------------------------------------------
// runs

/** `actions` of a run: what may be done to it now. */
export interface RunActions {
  'is-cancelable': boolean;
  'is-confirmable': boolean;
  'is-discardable': boolean;
  'is-force-cancelable': boolean;
}

/** `permissions` of a run, for the token's user. */
export interface RunPermissions {
  'can-apply'?: boolean;
  'can-cancel'?: boolean;
  'can-comment'?: boolean;
  'can-discard'?: boolean;
  'can-force-execute'?: boolean;
  'can-force-cancel'?: boolean;
  'can-override-policy-check'?: boolean;
}

/**
 * `status-timestamps` of a run: `<status>-at` for each status the run passed
 * through (`planned-at`, `applied-at`, ...), plus `plan-queueable-at`.
 */
export type RunStatusTimestamps = { [key: `${string}-at`]: string | undefined };

/** A run-specific variable value (an HCL literal). */
export interface RunVariable {
  key: string;
  value: string;
}

/** Attributes of a run (`runs` in the spec). */
export interface RunAttributes {
  actions: RunActions;
  'allow-config-generation'?: boolean;
  'allow-empty-apply'?: boolean;
  'auto-apply': boolean;
  'canceled-at': string | null;
  'created-at': string;
  'debugging-mode'?: boolean;
  'has-changes': boolean;
  'is-destroy': boolean;
  message: string;
  'plan-only': boolean;
  refresh?: boolean;
  'refresh-only'?: boolean;
  'replace-addrs'?: string[] | null;
  'save-plan'?: boolean;
  source: string;
  'status-timestamps': RunStatusTimestamps;
  status: RunStatus;
  'target-addrs'?: string[] | null;
  'trigger-reason'?: string;
  'terraform-version'?: string;
  'updated-at'?: string;
  permissions?: RunPermissions;
  variables?: RunVariable[];
  'force-cancel-available-at'?: string;
}

/** Relationships of a run. */
export interface RunRelationships {
  workspace?: HasOne<'workspaces'>;
  apply?: HasOne<'applies'>;
  'canceled-by'?: HasOne<'users'>;
  'configuration-version'?: HasOne<'configuration-versions'>;
  'confirmed-by'?: HasOne<'users'>;
  'cost-estimate'?: HasOne<'cost-estimates'>;
  'created-by'?: HasOne<'users'>;
  plan?: HasOne<'plans'>;
}

/** A run: one plan (and maybe apply) of a configuration version in a workspace. */
export type Run = Resource<'runs', RunAttributes, RunRelationships>;

/** The run attributes a client may send on create. */
export type RunWritableAttributes = Partial<
  Pick<
    RunAttributes,
    | 'allow-empty-apply'
    | 'auto-apply'
    | 'debugging-mode'
    | 'is-destroy'
    | 'message'
    | 'plan-only'
    | 'refresh'
    | 'refresh-only'
    | 'replace-addrs'
    | 'save-plan'
    | 'target-addrs'
    | 'variables'
  >
>;

/** Body of `POST /runs`. */
export interface RunWriteDocument {
  data: {
    type: 'runs';
    attributes: RunWritableAttributes;
    relationships: {
      workspace: { data: ResourceIdentifier<'workspaces'> };
      'configuration-version'?: {
        data: ResourceIdentifier<'configuration-versions'>;
      };
    };
  };
}

// ---------------------------------------------------------------------------
// plans, applies, cost-estimates

/** `execution-details` of a plan or apply. */
export interface ExecutionDetails {
  mode?: ExecutionMode;
  'agent-id'?: string;
  'agent-name'?: string;
  'agent-pool-id'?: string;
  'agent-pool-name'?: string;
}

/** `status` of a plan. */
export type PlanStatus =
  | 'pending'
  | 'managed_queued'
  | 'queued'
  | 'running'
  | 'errored'
  | 'canceled'
  | 'finished'
  | 'unreachable';

/** Attributes of a plan (`plans` in the spec). */
export interface PlanAttributes {
  'execution-details'?: ExecutionDetails | null;
  'generated-configuration'?: boolean | null;
  'has-changes': boolean;
  'resource-additions': number | null;
  'resource-changes': number | null;
  'resource-destructions': number | null;
  'resource-imports'?: number | null;
  'structured-run-output-enabled'?: boolean | null;
  status: PlanStatus;
  'status-timestamps': {
    'queued-at'?: string | null;
    'pending-at'?: string | null;
    'started-at'?: string | null;
    'finished-at'?: string | null;
  };
  /** Temporary archivist URL of the plan's log; a secret, never log it. */
  'log-read-url': string | null;
  actions?: { 'is-exportable'?: boolean };
  permissions?: { 'can-export'?: boolean } | null;
}

/** A plan. */
export type Plan = Resource<
  'plans',
  PlanAttributes,
  { 'state-versions'?: HasMany<'state-versions'> }
>;

/** `status` of an apply. */
export type ApplyStatus =
  | 'created'
  | 'pending'
  | 'queued'
  | 'agent_queued'
  | 'running'
  | 'errored'
  | 'canceled'
  | 'finished'
  | 'unreachable';

/** Attributes of an apply (`applies` in the spec). */
export interface ApplyAttributes {
  'execution-details'?: ExecutionDetails | null;
  status: ApplyStatus;
  'status-timestamps': {
    'agent-queued-at'?: string | null;
    'started-at'?: string | null;
    'errored-at'?: string | null;
    'canceled-at'?: string | null;
    'force-canceled-at'?: string | null;
    'finished-at'?: string | null;
    /** Not in the spec; the docs' example has it. */
    'queued-at'?: string | null;
  };
  /** Temporary archivist URL of the apply's log; a secret, never log it. */
  'log-read-url': string;
  'resource-additions': number | null;
  'resource-changes': number | null;
  'resource-destructions': number | null;
  'resource-imports'?: number | null;
}

/** An apply. */
export type Apply = Resource<
  'applies',
  ApplyAttributes,
  { 'state-versions'?: HasMany<'state-versions'> }
>;

/** `status` of a cost estimate. */
export type CostEstimateStatus =
  | 'pending'
  | 'queued'
  | 'finished'
  | 'canceled'
  | 'errored'
  | 'unreachable'
  | 'skipped_due_to_targeting';

/** Attributes of a cost estimate (`cost-estimates` in the spec). Costs are decimal strings (USD per month). */
export interface CostEstimateAttributes {
  'error-message': string | null;
  status: CostEstimateStatus;
  'status-timestamps': {
    'pending-at'?: string;
    'queued-at'?: string;
    'finished-at'?: string;
    'canceled-at'?: string;
    'errored-at'?: string;
    'skipped-due-to-targeting-at'?: string;
  };
  'resources-count'?: number | null;
  'matched-resources-count'?: number | null;
  'unmatched-resources-count'?: number | null;
  'prior-monthly-cost'?: string | null;
  'proposed-monthly-cost'?: string | null;
  'delta-monthly-cost'?: string | null;
}

/** A cost estimate. */
export type CostEstimate = Resource<'cost-estimates', CostEstimateAttributes>;

/** A resource side-loaded with `?include=` on a run. */
export type IncludedResource =
  | Plan
  | Apply
  | CostEstimate
  | Workspace
  | ConfigurationVersion
  | Resource<string, Record<string, unknown>, Record<string, unknown>>;

// ---------------------------------------------------------------------------
// state-version-outputs

/** Attributes of a state version output (`state-version-outputs` in the spec). */
export interface StateVersionOutputAttributes {
  name: string;
  sensitive: boolean;
  /** The Terraform type: string, number, bool, list, map, object, tuple... */
  type: string;
  /**
   * Not in the spec's schema but described there and in the docs: the output
   * value, any JSON type. Null for sensitive outputs in
   * `current-state-version-outputs`.
   */
  value: unknown;
  'detailed-type'?: unknown;
}

/** One output of the workspace's current state. */
export type StateVersionOutput = Resource<
  'state-version-outputs',
  StateVersionOutputAttributes
>;
