import type {
  EngineLogEntry,
  EngineOutput,
  EngineRunPhase,
  EngineRunRef,
  EngineRunState,
  EngineTarget,
  ProvisioningEngine,
} from '../engine/ProvisioningEngine';
import {
  isFailed,
  needsConfirmation,
  type Run,
  type Variable,
  type Workspace,
} from '@internal/api-tfc';
import {
  TerraformCloudClient,
  TerraformCloudLogger,
} from './TerraformCloudClient';
import { TerraformCloudError, toEngineError } from './TerraformCloudError';

/** One organization the engine may use, with the client that reaches it. */
export interface TerraformCloudOrganization {
  name: string;
  client: TerraformCloudClient;
  /** Where people open workspaces and runs; defaults to https://app.terraform.io. */
  appUrl?: string;
}

/** Options of {@link TerraformCloudEngine}. */
export interface TerraformCloudEngineOptions {
  /** Engine id configuration uses; defaults to `tfc`. */
  id?: string;
  organizations: TerraformCloudOrganization[];
  /** Which organization a target goes to; defaults to the first organization. */
  organizationFor?: (target: EngineTarget) => string;
  /** The configuration to upload as a `.tar.gz` (made once per run, so a changed stack is picked up). */
  configurationArchive: () => Promise<Uint8Array>;
  /** The stack's directory inside the archive, e.g. `stacks/service-tiers`. */
  workingDirectory?: string;
  /** e.g. `~> 1.11.0`; the organization's default when left out. */
  terraformVersion?: string;
  /** How often to look at an uploaded configuration version; defaults to 1 s. */
  uploadPollIntervalMs?: number;
  logger?: TerraformCloudLogger;
  /** Reads plan and apply logs from their temporary URLs; injected in tests. */
  fetch?: typeof fetch;
}

/** Statuses that are still part of planning (when not waiting for confirmation). */
const PENDING_STATUSES = new Set([
  'pending',
  'fetching',
  'fetching_completed',
  'pre_plan_running',
  'pre_plan_completed',
  'pre_plan_awaiting_decision',
  'queuing',
  'plan_queued',
]);

const APPLYING_STATUSES = new Set([
  'confirmed',
  'pre_apply_running',
  'pre_apply_completed',
  'queuing_apply',
  'apply_queued',
  'applying',
  'post_apply_running',
  'post_apply_completed',
]);

/** The engine-neutral phase of a Terraform Cloud run. */
export function phaseOfRun(run: Run): EngineRunPhase {
  const status = run.attributes.status;
  if (needsConfirmation(run)) {
    return 'awaiting_approval';
  }
  switch (status) {
    case 'applied':
    case 'planned_and_finished':
    case 'discarded':
    case 'errored':
      return status;
    case 'canceled':
    case 'force_canceled':
      return 'canceled';
    default:
  }
  if (isFailed(status)) {
    return 'errored'; // policy_soft_failed and other final failures
  }
  if (PENDING_STATUSES.has(status)) {
    return 'pending';
  }
  if (APPLYING_STATUSES.has(status)) {
    return 'applying';
  }
  return 'planning';
}

/**
 * The marker a run's message carries so that {@link TerraformCloudEngine.startRun}
 * can find the run it queued for an idempotency key after a crash or a retry.
 */
export function idempotencyMarker(key: string): string {
  return `[portal-request:${key}]`;
}

/**
 * Terraform Cloud as a provisioning engine: one workspace `<service>-<env>`
 * per target, variables from the target (sensitive ones marked sensitive),
 * a configuration version of the stack, and a run the portal follows.
 */
export class TerraformCloudEngine implements ProvisioningEngine {
  readonly id: string;
  private readonly organizations: Map<string, TerraformCloudOrganization>;

  constructor(private readonly options: TerraformCloudEngineOptions) {
    if (options.organizations.length === 0) {
      throw new TypeError('TerraformCloudEngine needs an organization');
    }
    this.id = options.id ?? 'tfc';
    this.organizations = new Map(options.organizations.map(o => [o.name, o]));
  }

  // The engine contract's methods answer @backstage/errors errors (see
  // toEngineError); the work is in the private methods below them.

  startRun(
    target: EngineTarget,
    idempotencyKey: string,
  ): Promise<EngineRunRef> {
    return translated(() => this.start(target, idempotencyKey));
  }

  getRunState(ref: EngineRunRef): Promise<EngineRunState> {
    return translated(() => this.readState(ref));
  }

  applyRun(ref: EngineRunRef, comment: string): Promise<void> {
    return translated(async () => {
      await this.organizationOfRef(ref).client.applyRun(ref.runId, comment);
    });
  }

  discardRun(ref: EngineRunRef, comment: string): Promise<void> {
    return translated(async () => {
      await this.organizationOfRef(ref).client.discardRun(ref.runId, comment);
    });
  }

  getRunLog(ref: EngineRunRef): Promise<EngineLogEntry[]> {
    return translated(() => this.readLog(ref));
  }

  private async start(
    target: EngineTarget,
    idempotencyKey: string,
  ): Promise<EngineRunRef> {
    const organization = this.organizationOf(
      this.options.organizationFor?.(target) ??
        this.options.organizations[0].name,
    );
    const { client } = organization;
    const name = `${target.service}-${target.environment}`;
    const { workspace, created } = await this.ensureWorkspace(
      organization,
      name,
      target,
    );

    const marker = idempotencyMarker(idempotencyKey);
    if (!created) {
      // One listing of the newest runs (of the 30 a minute allowed) is what
      // it costs to never queue a second run for the same request.
      const { runs } = await client.listRuns(workspace.id, { pageSize: 20 });
      const earlier = runs.find(run => run.attributes.message.includes(marker));
      if (earlier) {
        return this.refOf(organization, workspace, earlier.id);
      }
    }

    await this.setVariables(client, workspace.id, target);
    const version = await client.createConfigurationVersion(workspace.id);
    const uploadUrl = version.attributes['upload-url'];
    if (!uploadUrl) {
      throw TerraformCloudError.invalidResponse({
        call: 'createConfigurationVersion',
        reason: 'the configuration version came without an upload-url',
      });
    }
    await client.uploadConfiguration(
      uploadUrl,
      await this.options.configurationArchive(),
    );
    await client.waitForConfigurationVersion(version.id, {
      pollIntervalMs: this.options.uploadPollIntervalMs,
    });
    const run = await client.createRun({
      workspaceId: workspace.id,
      configurationVersionId: version.id,
      attributes: {
        message: `Provisioned from the portal ${marker}`,
      },
    });
    return this.refOf(organization, workspace, run.id);
  }

  private async readState(ref: EngineRunRef): Promise<EngineRunState> {
    const { client } = this.organizationOfRef(ref);
    const { run, plan, costEstimate } = await client.getRun(ref.runId);
    const phase = phaseOfRun(run);
    const state: EngineRunState = {
      phase,
      rawStatus: run.attributes.status,
      statusTimestamps: timestampsOf(run),
    };
    if (plan && plan.attributes.status === 'finished') {
      state.plan = {
        additions: plan.attributes['resource-additions'] ?? 0,
        changes: plan.attributes['resource-changes'] ?? 0,
        destructions: plan.attributes['resource-destructions'] ?? 0,
      };
    }
    if (costEstimate && costEstimate.attributes.status === 'finished') {
      const a = costEstimate.attributes;
      state.costEstimate = {
        priorMonthlyCost: a['prior-monthly-cost'] ?? undefined,
        proposedMonthlyCost: a['proposed-monthly-cost'] ?? undefined,
        deltaMonthlyCost: a['delta-monthly-cost'] ?? undefined,
      };
    }
    if (phase === 'applied') {
      const outputs = await client.getCurrentStateVersionOutputs(
        ref.workspaceId,
      );
      state.outputs = outputs.map(
        (output): EngineOutput => ({
          name: output.attributes.name,
          sensitive: output.attributes.sensitive,
          type: output.attributes.type,
          // Terraform Cloud sends null for sensitive outputs; drop whatever
          // comes anyway, so a secret can never reach our database.
          ...(!output.attributes.sensitive && {
            value: output.attributes.value,
          }),
        }),
      );
    }
    if (phase === 'errored' || phase === 'canceled') {
      state.message = `The Terraform Cloud run ended ${run.attributes.status}; see its log in Terraform Cloud`;
    }
    return state;
  }

  private async readLog(ref: EngineRunRef): Promise<EngineLogEntry[]> {
    const { client } = this.organizationOfRef(ref);
    const { plan, apply } = await client.getRun(ref.runId);
    const entries: EngineLogEntry[] = [];
    // The log URLs are capabilities: read here, never handed out.
    for (const [label, url] of [
      ['plan', plan?.attributes['log-read-url']],
      ['apply', apply?.attributes['log-read-url']],
    ] as const) {
      if (!url) {
        continue;
      }
      const res = await (this.options.fetch ?? fetch)(url);
      if (!res.ok) {
        entries.push({
          text: `(${label} log unavailable: HTTP ${res.status})`,
        });
        continue;
      }
      const text = await res.text();
      for (const line of text.split('\n')) {
        if (line.trim()) {
          entries.push({ text: stripControlCharacters(line) });
        }
      }
    }
    return entries;
  }

  private organizationOf(name: string): TerraformCloudOrganization {
    const organization = this.organizations.get(name);
    if (!organization) {
      throw new TypeError(
        `Terraform Cloud organization "${name}" is not configured`,
      );
    }
    return organization;
  }

  private organizationOfRef(ref: EngineRunRef): TerraformCloudOrganization {
    return this.organizationOf(ref.scope ?? this.options.organizations[0].name);
  }

  private refOf(
    organization: TerraformCloudOrganization,
    workspace: Workspace,
    runId: string,
  ): EngineRunRef {
    const appUrl = (organization.appUrl ?? 'https://app.terraform.io').replace(
      /\/+$/,
      '',
    );
    const workspaceUrl = `${appUrl}/app/${encodeURIComponent(
      organization.name,
    )}/workspaces/${encodeURIComponent(workspace.attributes.name)}`;
    return {
      engine: this.id,
      scope: organization.name,
      workspaceId: workspace.id,
      runId,
      workspaceUrl,
      runUrl: `${workspaceUrl}/runs/${encodeURIComponent(runId)}`,
    };
  }

  /** Finds or creates the workspace, and brings auto-apply and the working directory in line. */
  private async ensureWorkspace(
    organization: TerraformCloudOrganization,
    name: string,
    target: EngineTarget,
  ): Promise<{ workspace: Workspace; created: boolean }> {
    const { client } = organization;
    const settings = {
      'auto-apply': target.autoApply,
      'execution-mode': 'remote' as const,
      ...(this.options.workingDirectory && {
        'working-directory': this.options.workingDirectory,
      }),
      ...(this.options.terraformVersion && {
        'terraform-version': this.options.terraformVersion,
      }),
    };
    const tags = {
      service: target.service,
      environment: target.environment,
      ...target.tags,
    };
    let workspace = await client.findWorkspace(organization.name, name);
    if (!workspace) {
      try {
        workspace = await client.createWorkspace(organization.name, {
          name,
          ...settings,
          tags,
        });
        return { workspace, created: true };
      } catch (error) {
        // Another replica (or a retried request) created it meanwhile; or
        // the token cannot see it, which the second 404 below explains.
        if (!(error instanceof TerraformCloudError && error.status === 422)) {
          throw error;
        }
        workspace = await client.getWorkspace(organization.name, name);
      }
    }
    const attributes = workspace.attributes;
    if (
      attributes['auto-apply'] !== settings['auto-apply'] ||
      (settings['working-directory'] !== undefined &&
        attributes['working-directory'] !== settings['working-directory'])
    ) {
      workspace = await client.updateWorkspace(workspace.id, {
        ...settings,
        tags,
      });
    }
    return { workspace, created: false };
  }

  /**
   * Makes the workspace's Terraform variables the target's: creates or
   * updates them, and deletes the others, so that a value nobody asks for
   * any more (a requester's earlier one) does not persist into later runs.
   * Without `sensitiveVariables` (a retry) the sensitive ones stay as they
   * are. Environment variables (credentials) are not the portal's and stay.
   * Never logs or returns a value.
   */
  private async setVariables(
    client: TerraformCloudClient,
    workspaceId: string,
    target: EngineTarget,
  ): Promise<void> {
    const existing = new Map<string, Variable>(
      (await client.listVariables(workspaceId))
        .filter(v => v.attributes.category === 'terraform')
        .map(v => [v.attributes.key, v]),
    );
    const wanted: Array<{
      key: string;
      value: string;
      hcl: boolean;
      sensitive: boolean;
    }> = [
      ...Object.entries(target.variables).map(([key, value]) => ({
        key,
        ...terraformValue(value),
        sensitive: false,
      })),
      ...Object.entries(target.sensitiveVariables ?? {}).map(
        ([key, value]) => ({ key, value, hcl: false, sensitive: true }),
      ),
    ];
    const keep = new Set(wanted.map(v => v.key));
    for (const [key, current] of existing) {
      if (keep.has(key)) continue;
      if (!target.sensitiveVariables && current.attributes.sensitive) continue;
      await client.deleteVariable(workspaceId, current.id);
    }
    for (const variable of wanted) {
      const current = existing.get(variable.key);
      if (!current) {
        await client.createVariable(workspaceId, {
          ...variable,
          category: 'terraform',
        });
      } else if (
        // Sensitive values read back as null: always send them again.
        variable.sensitive ||
        current.attributes.sensitive ||
        current.attributes.value !== variable.value ||
        current.attributes.hcl !== variable.hcl
      ) {
        await client.updateVariable(workspaceId, current.id, variable);
      }
    }
  }
}

/** A Terraform variable's value as Terraform Cloud takes it: strings plain, the rest as HCL. */
export function terraformValue(value: unknown): {
  value: string;
  hcl: boolean;
} {
  if (typeof value === 'string') {
    return { value, hcl: false };
  }
  return { value: toHcl(value), hcl: true };
}

/** HCL literal of a JSON-like value (objects, lists, strings, numbers, booleans, null). */
export function toHcl(value: unknown): string {
  if (value === null || value === undefined) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return `[${value.map(toHcl).join(', ')}]`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(
        ([k, v]) =>
          `${/^[A-Za-z_][\w-]*$/.test(k) ? k : JSON.stringify(k)} = ${toHcl(
            v,
          )}`,
      );
    return `{ ${entries.join(', ')} }`;
  }
  if (typeof value === 'string') {
    return JSON.stringify(value).replace(/\$\{/g, '$$$${');
  }
  return String(value);
}

/** `status-timestamps` (`planned-at` ...) as status -> ISO time. */
function timestampsOf(run: Run): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(
    run.attributes['status-timestamps'] ?? {},
  )) {
    if (value) {
      result[key.replace(/-at$/, '').replace(/-/g, '_')] = value;
    }
  }
  return result;
}

/** Terraform's logs carry ANSI colours and STX/ETX framing. */
function stripControlCharacters(line: string): string {
  /* eslint-disable no-control-regex */
  return line
    .replace(/\u001b\[[0-9;]*m/g, '')
    .replace(/[\u0000-\u0008\u000b-\u001f]/g, '');
  /* eslint-enable no-control-regex */
}

/** Runs `work`, its Terraform Cloud failures as Backstage errors. */
async function translated<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toEngineError(error);
  }
}
