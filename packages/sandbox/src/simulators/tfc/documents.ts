import type {
  Apply,
  ConfigurationVersion,
  CostEstimate,
  Organization,
  Plan,
  Run,
  StateVersionOutput,
  TagBinding,
  Variable,
  Workspace,
} from '@internal/api-tfc';
import { RunEngine } from './RunEngine';
import { rawState, resourceCounts, stateResources } from './stateContents';
import {
  ApplyRecord,
  ConfigurationVersionRecord,
  CostEstimateRecord,
  OrganizationRecord,
  PlanRecord,
  RunRecord,
  StateVersionRecord,
  TfcStore,
  VariableRecord,
  WorkspaceRecord,
} from './TfcStore';

/** A state version resource (the provisioning client has no type for it). */
export interface StateVersionDocument {
  id: string;
  type: 'state-versions';
  attributes: Record<string, unknown>;
  relationships: {
    run: { data: { id: string; type: 'runs' } };
    workspace: { data: { id: string; type: 'workspaces' } };
    outputs: { data: { id: string; type: 'state-version-outputs' }[] };
  };
  links: { self: string };
}

/** Where things are, for links. */
export interface Urls {
  /** Path of the API root, e.g. /tfc/api/v2 (resource links are path-absolute, like Terraform Cloud's). */
  apiPath: string;
  /** Absolute URL of the API root (pagination links are absolute, like Terraform Cloud's). */
  apiUrl: string;
  /** Absolute URL of archivist objects (upload and log URLs). */
  objectUrl: string;
}

/** Renders the store's records as the API's JSON:API resources. */
export class Documents {
  constructor(
    private readonly store: TfcStore,
    private readonly engine: RunEngine,
    private readonly urls: Urls,
  ) {}

  organization(org: OrganizationRecord): Organization {
    return {
      id: org.name,
      type: 'organizations',
      attributes: {
        name: org.name,
        'external-id': org.externalId,
        'created-at': org.createdAt,
        email: `platform@${org.name}.example`,
        'cost-estimation-enabled': org.costEstimation,
        'plan-identifier': 'standard',
        permissions: { 'can-update': true, 'can-create-workspace': true },
      },
      links: { self: `${this.urls.apiPath}/organizations/${org.name}` },
    };
  }

  workspace(ws: WorkspaceRecord): Workspace {
    const { apiPath } = this.urls;
    const org = this.store.organizations.get(ws.organization)!;
    const state = ws.currentStateVersionId
      ? this.store.stateVersions.get(ws.currentStateVersionId)
      : undefined;
    const runRef = ws.currentRunId
      ? {
          data: { id: ws.currentRunId, type: 'runs' as const },
          links: { related: `${apiPath}/runs/${ws.currentRunId}` },
        }
      : { data: null };
    return {
      id: ws.id,
      type: 'workspaces',
      attributes: { ...ws.attributes },
      relationships: {
        organization: { data: { id: org.name, type: 'organizations' } },
        'current-run': runRef,
        'latest-run': runRef,
        'current-state-version': state
          ? {
              data: { id: state.id, type: 'state-versions' },
              links: {
                related: `${apiPath}/workspaces/${ws.id}/current-state-version`,
              },
            }
          : { data: null },
        'current-configuration-version': ws.latestConfigurationVersionId
          ? {
              data: {
                id: ws.latestConfigurationVersionId,
                type: 'configuration-versions',
              },
              links: {
                related: `${apiPath}/configuration-versions/${ws.latestConfigurationVersionId}`,
              },
            }
          : { data: null },
        outputs: {
          data: (state?.outputs ?? []).map(o => ({
            id: o.id,
            type: 'workspace-outputs' as const,
          })),
          links: {
            related: `${apiPath}/workspaces/${ws.id}/current-state-version-outputs`,
          },
        },
        project: { data: { id: org.projectId, type: 'projects' } },
        vars: {
          data: this.store
            .variablesOf(ws.id)
            .map(v => ({ id: v.id, type: 'vars' as const })),
        },
        'tag-bindings': {
          links: {
            related: `${apiPath}/workspaces/${ws.id}/relationships/tag-bindings`,
          },
        },
      },
      links: {
        self: `${apiPath}/organizations/${org.name}/workspaces/${ws.attributes.name}`,
        'self-html': `/app/${org.name}/workspaces/${ws.attributes.name}`,
      },
    };
  }

  tagBindings(ws: WorkspaceRecord): TagBinding[] {
    return [...ws.tagBindings].map(([key, binding]) => ({
      id: binding.id,
      type: 'tag-bindings',
      attributes: {
        key,
        value: binding.value,
        'created-at': binding.createdAt,
      },
    }));
  }

  /** Sensitive values are write-only: the API never returns them. */
  variable(v: VariableRecord): Variable {
    const ws = this.store.workspaces.get(v.workspaceId)!;
    return {
      id: v.id,
      type: 'vars',
      attributes: {
        key: v.key,
        value: v.sensitive ? null : v.value,
        sensitive: v.sensitive,
        category: v.category,
        hcl: v.hcl,
        'created-at': v.createdAt,
        description: v.description,
        'version-id': v.versionId,
      },
      relationships: {
        configurable: {
          data: { id: ws.id, type: 'workspaces' },
          links: {
            related: `${this.urls.apiPath}/organizations/${ws.organization}/workspaces/${ws.attributes.name}`,
          },
        },
      },
      links: {
        self: `${this.urls.apiPath}/workspaces/${ws.id}/vars/${v.id}`,
      },
    };
  }

  /** `uploadObjectId` only on create: the upload URL is shown once. */
  configurationVersion(
    cv: ConfigurationVersionRecord,
    uploadObjectId?: string,
  ): ConfigurationVersion {
    const self = `${this.urls.apiPath}/configuration-versions/${cv.id}`;
    return {
      id: cv.id,
      type: 'configuration-versions',
      attributes: {
        'auto-queue-runs': cv.autoQueueRuns,
        error: cv.error,
        'error-message': cv.errorMessage,
        source: 'tfe-api',
        speculative: cv.speculative,
        status: cv.status,
        'status-timestamps': { ...cv.timestamps },
        provisional: cv.provisional,
        ...(uploadObjectId && {
          'upload-url': `${this.urls.objectUrl}/${uploadObjectId}`,
        }),
      },
      relationships: {
        'ingress-attributes': {
          data: null,
          links: { related: `${self}/ingress-attributes` },
        },
      },
      links: { self, download: `${self}/download` },
    };
  }

  run(run: RunRecord): Run {
    const { apiPath } = this.urls;
    const ws = this.store.workspaces.get(run.workspaceId)!;
    return {
      id: run.id,
      type: 'runs',
      attributes: {
        actions: this.engine.actions(run),
        'allow-config-generation': false,
        'allow-empty-apply': false,
        'auto-apply': run.autoApply,
        'canceled-at': run.canceledAt,
        'created-at': run.createdAt,
        'has-changes': run.hasChanges,
        'is-destroy': run.isDestroy,
        message: run.message,
        'plan-only': run.planOnly,
        refresh: true,
        'refresh-only': false,
        'replace-addrs': null,
        'save-plan': false,
        source: 'tfe-api',
        'status-timestamps': { ...run.timestamps },
        status: run.status,
        'target-addrs': null,
        'trigger-reason': 'manual',
        'terraform-version': ws.attributes['terraform-version'],
        permissions: {
          'can-apply': true,
          'can-cancel': true,
          'can-comment': true,
          'can-discard': true,
          'can-force-execute': true,
          'can-force-cancel': true,
          'can-override-policy-check': true,
        },
        variables: run.variables.map(v => ({ key: v.key, value: v.value })),
      },
      relationships: {
        workspace: {
          data: { id: ws.id, type: 'workspaces' },
          links: { related: `${apiPath}/workspaces/${ws.id}` },
        },
        'configuration-version': {
          data: {
            id: run.configurationVersionId,
            type: 'configuration-versions',
          },
          links: { related: `${apiPath}/runs/${run.id}/configuration-version` },
        },
        plan: {
          data: { id: run.planId, type: 'plans' },
          links: { related: `${apiPath}/runs/${run.id}/plan` },
        },
        apply: {
          data: { id: run.applyId, type: 'applies' },
          links: { related: `${apiPath}/runs/${run.id}/apply` },
        },
        'cost-estimate': run.costEstimateId
          ? {
              data: { id: run.costEstimateId, type: 'cost-estimates' },
              links: {
                related: `${apiPath}/cost-estimates/${run.costEstimateId}`,
              },
            }
          : { data: null },
      },
      links: { self: `${apiPath}/runs/${run.id}` },
    };
  }

  plan(plan: PlanRecord): Plan {
    const started = plan.status !== 'pending';
    return {
      id: plan.id,
      type: 'plans',
      attributes: {
        'execution-details': started ? { mode: 'remote' } : null,
        'generated-configuration': false,
        'has-changes':
          (plan.additions ?? 0) +
            (plan.changes ?? 0) +
            (plan.destructions ?? 0) >
          0,
        'resource-additions': plan.additions,
        'resource-changes': plan.changes,
        'resource-destructions': plan.destructions,
        'resource-imports': plan.additions === null ? null : 0,
        'structured-run-output-enabled': false,
        status: plan.status,
        'status-timestamps': { ...plan.timestamps },
        'log-read-url': `${this.urls.objectUrl}/${plan.logObjectId}`,
        actions: { 'is-exportable': plan.status === 'finished' },
        permissions: { 'can-export': true },
      },
      relationships: { 'state-versions': { data: [] } },
      links: {
        self: `${this.urls.apiPath}/plans/${plan.id}`,
        'json-output': `${this.urls.apiPath}/plans/${plan.id}/json-output`,
      },
    };
  }

  apply(apply: ApplyRecord): Apply {
    const run = this.store.runs.get(apply.runId)!;
    const state =
      apply.status === 'finished'
        ? [...this.store.stateVersions.values()].find(s => s.runId === run.id)
        : undefined;
    return {
      id: apply.id,
      type: 'applies',
      attributes: {
        'execution-details': ['running', 'finished', 'canceled'].includes(
          apply.status,
        )
          ? { mode: 'remote' }
          : null,
        status: apply.status,
        'status-timestamps': { ...apply.timestamps },
        'log-read-url': `${this.urls.objectUrl}/${apply.logObjectId}`,
        'resource-additions': apply.additions,
        'resource-changes': apply.changes,
        'resource-destructions': apply.destructions,
        'resource-imports': apply.additions === null ? null : 0,
      },
      relationships: {
        'state-versions': {
          data: state ? [{ id: state.id, type: 'state-versions' }] : [],
        },
      },
      links: { self: `${this.urls.apiPath}/applies/${apply.id}` },
    };
  }

  costEstimate(estimate: CostEstimateRecord): CostEstimate {
    const finished = estimate.status === 'finished';
    const money = (n: number | undefined) =>
      finished && n !== undefined ? n.toFixed(2) : null;
    return {
      id: estimate.id,
      type: 'cost-estimates',
      attributes: {
        'error-message': null,
        status: estimate.status,
        'status-timestamps': { ...estimate.timestamps },
        'resources-count': finished ? estimate.resourcesCount ?? 0 : null,
        'matched-resources-count': finished
          ? estimate.resourcesCount ?? 0
          : null,
        'unmatched-resources-count': finished ? 0 : null,
        'prior-monthly-cost': money(estimate.priorMonthlyCost),
        'proposed-monthly-cost': money(estimate.proposedMonthlyCost),
        'delta-monthly-cost':
          finished &&
          estimate.proposedMonthlyCost !== undefined &&
          estimate.priorMonthlyCost !== undefined
            ? (
                estimate.proposedMonthlyCost - estimate.priorMonthlyCost
              ).toFixed(2)
            : null,
      },
      links: { self: `${this.urls.apiPath}/cost-estimates/${estimate.id}` },
    };
  }

  /** Its serial: 1 for a workspace's first state, then 2, 3, ... */
  private serialOf(state: StateVersionRecord): number {
    return this.store.stateVersionsOf(state.workspaceId).indexOf(state) + 1;
  }

  /**
   * A state version as `GET /state-versions/:id` shows it. What Terraform
   * Cloud extracts asynchronously (resources, modules, providers, outputs)
   * is there once `resources-processed` is true.
   */
  stateVersion(state: StateVersionRecord): StateVersionDocument {
    const { apiPath } = this.urls;
    const ws = this.store.workspaces.get(state.workspaceId)!;
    const processed = Date.now() >= state.processedAt;
    const resources = processed ? stateResources(state) : [];
    const { modules, providers } = resourceCounts(resources);
    state.downloadObjectId ??= this.store.newArchivistObject({
      kind: 'state',
      stateVersionId: state.id,
    });
    const serial = this.serialOf(state);
    return {
      id: state.id,
      type: 'state-versions',
      attributes: {
        'created-at': state.createdAt,
        size: JSON.stringify(
          rawState(state, serial, ws.attributes['terraform-version']),
        ).length,
        'hosted-state-download-url': `${this.urls.objectUrl}/${state.downloadObjectId}`,
        'hosted-state-upload-url': null,
        // Only for states written by Terraform 1.3+ with a JSON upload;
        // the simulator writes the raw state only.
        'hosted-json-state-download-url': null,
        'hosted-json-state-upload-url': null,
        status: 'finalized',
        intermediate: false,
        modules: processed ? modules : null,
        providers: processed ? providers : null,
        resources: processed
          ? resources.map(r => ({
              name: r.name,
              type: r.type,
              count: 1,
              module: r.module,
              provider: r.provider,
            }))
          : null,
        'resources-processed': processed,
        serial,
        'state-version': 4,
        'terraform-version': ws.attributes['terraform-version'],
      },
      relationships: {
        run: { data: { id: state.runId, type: 'runs' } },
        workspace: { data: { id: ws.id, type: 'workspaces' } },
        outputs: {
          data: processed
            ? state.outputs.map(o => ({
                id: o.id,
                type: 'state-version-outputs' as const,
              }))
            : [],
        },
      },
      links: { self: `${apiPath}/state-versions/${state.id}` },
    };
  }

  /** What `hosted-state-download-url` serves. */
  rawState(state: StateVersionRecord) {
    const ws = this.store.workspaces.get(state.workspaceId)!;
    return rawState(
      state,
      this.serialOf(state),
      ws.attributes['terraform-version'],
    );
  }

  /**
   * An output of a state. In lists (and when included) Terraform Cloud
   * never reveals sensitive values: they are null; `reveal` is for `GET
   * /state-version-outputs/:id`, which shows them to who may read state.
   */
  stateVersionOutput(
    output: StateVersionRecord['outputs'][number],
    reveal = false,
  ): StateVersionOutput {
    const type = typeof output.value === 'number' ? 'number' : 'string';
    return {
      id: output.id,
      type: 'state-version-outputs',
      attributes: {
        name: output.name,
        sensitive: output.sensitive,
        type,
        value: output.sensitive && !reveal ? null : output.value,
        'detailed-type': type,
      },
      links: {
        self: `${this.urls.apiPath}/state-version-outputs/${output.id}`,
      },
    };
  }
}
