/**
 * The JSON:API documents of the Terraform Cloud API v2 that the provisioning
 * plugin uses, as the API sends them (kebab-case attribute keys): the
 * `components.schemas` of the HCP Terraform OpenAPI spec (v2-beta;
 * spec/hcp-terraform-openapi-v2-beta.json, a copy of shared/specs), generated
 * into generated/tfc.ts by `yarn generate` and derived here.
 *
 * The spec marks no attribute as required. Attributes the API always sends
 * (every documented response has them) are made present here with
 * `Present`, so callers do not have to null-check them; the others stay
 * optional. What the API sends and the spec leaves out is a hand-typed
 * extension, marked "Not in the spec" with where the vendor documents it.
 *
 * The sandbox's Terraform Cloud simulator renders these same types, so the
 * client and the simulator cannot drift apart silently.
 */

import type { components } from './generated/tfc';
import type { RunStatus } from './runStatus';

type Schemas = components['schemas'];

/** `readonly` in the spec marks server-set fields; the simulator is the server. */
type Writable<T> = { -readonly [P in keyof T]: T[P] };

/** The `attributes` of a resource schema of the spec. */
type SpecAttributes<TName extends keyof Schemas> = Writable<
  NonNullable<Schemas[TName] extends { attributes?: infer A } ? A : never>
>;

/** `T` with the keys `K` always present (the API sends them). */
type Present<T, K extends keyof T> = Omit<T, K> & {
  [P in K]-?: Exclude<T[P], undefined>;
};

/** `T` with the types of `U`'s keys replaced by `U`'s. */
type Override<T, U> = Omit<T, keyof U> & U;

/** The resource type an identifier of the spec names (its `type` enum). */
type IdentifiedType<I> = I extends { type?: infer T }
  ? Extract<NonNullable<T>, string>
  : string;

/**
 * A relationship of the spec as the uniform JSON:API relationship (the
 * spec's `<type>-has-one`s differ in whether `data` may be null and
 * whether they have `links`), to the resource type the spec names.
 */
type AsRelationship<R> = R extends { data?: infer D }
  ? NonNullable<D> extends readonly (infer I)[]
    ? HasMany<IdentifiedType<I>>
    : HasOne<IdentifiedType<NonNullable<D>>>
  : never;

/** The relationships `K` of resource schema `TName`, as the spec declares them. */
type SpecRelationships<
  TName extends keyof Schemas,
  K extends keyof RelationshipsOf<TName>,
> = { [P in K]?: AsRelationship<NonNullable<RelationshipsOf<TName>[P]>> };

type RelationshipsOf<TName extends keyof Schemas> = NonNullable<
  Schemas[TName] extends { relationships?: infer R } ? R : never
>;

// ---------------------------------------------------------------------------
// JSON:API building blocks: the structure every resource of the spec shares
// (jsonapi.org 1.0), generic over the resource's type and attributes, which
// the spec repeats per resource (`<type>-identifier`, `<type>-has-one`...).

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
export type Pagination = Present<
  Schemas['pagination'],
  'current-page' | 'prev-page' | 'next-page'
>;

/** `links` of a list (`self-with-pagination` in the spec); absolute URLs. */
export type PaginationLinks = Schemas['self-with-pagination'];

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
 * One JSON:API error object (`errors.items` in the spec). The docs' 429
 * example sends `status` as a number, the spec as a string: read it with
 * `String(error.status)`.
 */
export type ErrorObject = NonNullable<Schemas['errors']['errors']>[number] & {
  /** Not in the spec: validation errors carry it (JSON:API 1.0, the API docs' examples). */
  source?: { pointer?: string; parameter?: string };
};

/** An error document (`errors` in the spec). */
export interface ErrorsDocument {
  errors: ErrorObject[];
}

/** Body of the run actions apply, discard and cancel (`action-comment`). */
export type ActionComment = Schemas['action-comment'];

// ---------------------------------------------------------------------------
// organizations

/** Attributes of an organization (`organizations`). */
export type OrganizationAttributes = Present<
  SpecAttributes<'organizations'>,
  'name'
>;

/** An organization; its `id` is its name. */
export type Organization = Resource<'organizations', OrganizationAttributes>;

// ---------------------------------------------------------------------------
// workspaces

type SpecWorkspace = SpecAttributes<'workspaces'>;

/** `execution-mode` of a workspace. */
export type ExecutionMode = NonNullable<SpecWorkspace['execution-mode']>;

/** `vcs-repo` of a workspace. */
export type WorkspaceVcsRepo = NonNullable<SpecWorkspace['vcs-repo']>;

/** `permissions` of a workspace, for the token's user. */
export type WorkspacePermissions = NonNullable<SpecWorkspace['permissions']>;

/** Attributes of a workspace (`workspaces` in the spec). */
export type WorkspaceAttributes = Present<
  SpecWorkspace,
  | 'name'
  | 'auto-apply'
  | 'created-at'
  | 'locked'
  | 'terraform-version'
  | 'updated-at'
  | 'resource-count'
  | 'execution-mode'
  | 'tag-names'
>;

/** Relationships of a workspace. */
export type WorkspaceRelationships = SpecRelationships<
  'workspaces',
  | 'organization'
  | 'current-run'
  | 'latest-run'
  | 'current-state-version'
  | 'current-configuration-version'
  | 'outputs'
  | 'project'
  | 'vars'
> & {
  /** Not in the spec: the docs' workspace document (hcp-terraform-docs/workspaces.mdx) links the workspace's tag bindings. */
  'tag-bindings'?: { links?: RelatedLinks };
};

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
export type TagBindingAttributes = SpecAttributes<'tag-bindings'>;

/** A key/value tag bound to a workspace. */
export type TagBinding = Resource<'tag-bindings', TagBindingAttributes>;

/** A tag binding as sent in a request (no id). */
export interface TagBindingInput {
  type: 'tag-bindings';
  attributes: Pick<TagBindingAttributes, 'key' | 'value'>;
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

type SpecVariable = SpecAttributes<'vars'>;

/** `category` of a variable. */
export type VariableCategory = NonNullable<SpecVariable['category']>;

/** Attributes of a workspace variable (`vars` in the spec). */
export type VariableAttributes = Present<
  SpecVariable,
  'key' | 'value' | 'sensitive' | 'category' | 'hcl' | 'description'
> & {
  /** Always null for sensitive variables: they are write-only. */
  value: string | null;
};

/** Relationships of a workspace variable. */
export type VariableRelationships = SpecRelationships<
  'vars',
  'configurable' | 'workspace'
>;

/** A workspace variable. */
export type Variable = Resource<
  'vars',
  VariableAttributes,
  VariableRelationships
>;

/** The variable attributes a client may send (create: key and category are required). */
export type VariableWritableAttributes = Partial<
  Pick<
    SpecVariable,
    'key' | 'value' | 'description' | 'category' | 'hcl' | 'sensitive'
  >
>;

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

type SpecConfigurationVersion = SpecAttributes<'configuration-versions'>;

/** `status` of a configuration version. */
export type ConfigurationVersionStatus = NonNullable<
  SpecConfigurationVersion['status']
>;

/**
 * Attributes of a configuration version (`configuration-versions` in the
 * spec). `upload-url`, where to PUT the tar.gz, is only in the create
 * response; a secret (anyone holding it can upload): never log it.
 */
export type ConfigurationVersionAttributes = Present<
  SpecConfigurationVersion,
  | 'error'
  | 'error-message'
  | 'source'
  | 'speculative'
  | 'status'
  | 'status-timestamps'
>;

/** Relationships of a configuration version. */
export type ConfigurationVersionRelationships = SpecRelationships<
  'configuration-versions',
  'ingress-attributes'
>;

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
    attributes: Partial<
      Pick<
        SpecConfigurationVersion,
        'auto-queue-runs' | 'speculative' | 'provisional'
      >
    >;
  };
}

// ---------------------------------------------------------------------------
// runs

type SpecRun = SpecAttributes<'runs'>;

/** `actions` of a run: what may be done to it now. */
export type RunActions = Required<NonNullable<SpecRun['actions']>>;

/** `permissions` of a run, for the token's user. */
export type RunPermissions = NonNullable<SpecRun['permissions']>;

/**
 * `status-timestamps` of a run: `<status>-at` for each status the run passed
 * through (`planned-at`, `applied-at`, ...), plus `plan-queueable-at`. The
 * spec lists some of them; the docs (run.mdx, "Run States") say every state
 * has one, so the key is any `<status>-at`.
 */
export type RunStatusTimestamps = { [key: `${string}-at`]: string | undefined };

/** A run-specific variable value (an HCL literal). */
export type RunVariable = Required<NonNullable<SpecRun['variables']>[number]>;

/** Attributes of a run (`runs` in the spec). */
export type RunAttributes = Override<
  Present<
    SpecRun,
    | 'auto-apply'
    | 'canceled-at'
    | 'created-at'
    | 'has-changes'
    | 'is-destroy'
    | 'message'
    | 'plan-only'
    | 'source'
  >,
  {
    actions: RunActions;
    'status-timestamps': RunStatusTimestamps;
    /** The spec's enum and the docs' run states (see RUN_STATUSES). */
    status: RunStatus;
    variables?: RunVariable[];
  }
>;

/** Relationships of a run. */
export type RunRelationships = SpecRelationships<
  'runs',
  | 'workspace'
  | 'apply'
  | 'canceled-by'
  | 'configuration-version'
  | 'confirmed-by'
  | 'cost-estimate'
  | 'created-by'
  | 'plan'
>;

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

type SpecPlan = SpecAttributes<'plans'>;
type SpecApply = SpecAttributes<'applies'>;
type SpecCostEstimate = SpecAttributes<'cost-estimates'>;

/** `execution-details` of a plan or apply. */
export type ExecutionDetails = NonNullable<SpecPlan['execution-details']>;

/** `status` of a plan. */
export type PlanStatus = NonNullable<SpecPlan['status']>;

/**
 * Attributes of a plan (`plans` in the spec). `log-read-url` is a temporary
 * archivist URL of the plan's log; a secret, never log it.
 */
export type PlanAttributes = Present<
  SpecPlan,
  | 'has-changes'
  | 'resource-additions'
  | 'resource-changes'
  | 'resource-destructions'
  | 'status'
  | 'status-timestamps'
  | 'log-read-url'
>;

/** A plan. */
export type Plan = Resource<
  'plans',
  PlanAttributes,
  SpecRelationships<'plans', 'state-versions'>
>;

/** `status` of an apply. */
export type ApplyStatus = NonNullable<SpecApply['status']>;

/**
 * Attributes of an apply (`applies` in the spec). `log-read-url` is a
 * temporary archivist URL of the apply's log; a secret, never log it.
 */
export type ApplyAttributes = Override<
  Present<
    SpecApply,
    | 'status'
    | 'log-read-url'
    | 'resource-additions'
    | 'resource-changes'
    | 'resource-destructions'
  >,
  {
    'status-timestamps': NonNullable<SpecApply['status-timestamps']> & {
      /** Not in the spec: the docs' example (hcp-terraform-docs/applies.mdx) has it. */
      'queued-at'?: string | null;
    };
  }
>;

/** An apply. */
export type Apply = Resource<
  'applies',
  ApplyAttributes,
  SpecRelationships<'applies', 'state-versions'>
>;

/** `status` of a cost estimate. */
export type CostEstimateStatus = NonNullable<SpecCostEstimate['status']>;

/** Attributes of a cost estimate (`cost-estimates` in the spec). Costs are decimal strings (USD per month). */
export type CostEstimateAttributes = Present<
  SpecCostEstimate,
  'error-message' | 'status' | 'status-timestamps'
>;

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
export type StateVersionOutputAttributes = Present<
  SpecAttributes<'state-version-outputs'>,
  'name' | 'sensitive' | 'type'
> & {
  /**
   * Not in the spec's schema but described there and in the docs
   * (hcp-terraform-docs/state-version-outputs.mdx): the output value, any
   * JSON type. Null for sensitive outputs in `current-state-version-outputs`.
   */
  value: unknown;
};

/** One output of the workspace's current state. */
export type StateVersionOutput = Resource<
  'state-version-outputs',
  StateVersionOutputAttributes
>;
