import type { LoggerService } from '@backstage/backend-plugin-api';
import { Clock, systemClock } from './backoff';
import { TerraformCloudError } from './TerraformCloudError';
import { Call, TerraformCloudTransport } from './TerraformCloudTransport';
import { TokenBucket } from './TokenBucket';
import type {
  ActionComment,
  Apply,
  ConfigurationVersion,
  ConfigurationVersionWriteDocument,
  CostEstimate,
  Document,
  IncludedResource,
  ListDocument,
  Organization,
  Pagination,
  Plan,
  Run,
  RunWritableAttributes,
  RunWriteDocument,
  StateVersionOutput,
  TagBinding,
  Variable,
  VariableCategory,
  VariableWritableAttributes,
  VariableWriteDocument,
  Workspace,
  WorkspaceWritableAttributes,
  WorkspaceWriteDocument,
} from '@internal/api-tfc';

/** What the client logs to: Backstage's logger, or anything shaped like it. */
export type TerraformCloudLogger = Pick<LoggerService, 'debug' | 'warn'>;

/** Options of {@link TerraformCloudClient.create}. */
export interface TerraformCloudClientOptions {
  /** A user or team API token (organization tokens cannot create or apply runs). */
  token: string;
  /**
   * Where Terraform Cloud (or Terraform Enterprise) is, without `/api/v2`.
   * Defaults to https://app.terraform.io.
   */
  baseUrl?: string;
  logger?: TerraformCloudLogger;
  /** Per-attempt timeout; defaults to 30 s. */
  timeoutMs?: number;
  /** Retries after the first attempt (429, 5xx, network errors, timeouts); defaults to 5. */
  maxRetries?: number;
  /** First back-off ceiling; it doubles per retry up to `backoffMaxMs`. Defaults to 500 ms. */
  backoffBaseMs?: number;
  /** Defaults to 30 s. */
  backoffMaxMs?: number;
  /** The longest wait a 429's Retry-After may impose before we give up; defaults to 60 s. */
  maxRateLimitWaitMs?: number;
  /**
   * Terraform Cloud allows 30 run listings per minute (most endpoints: 30
   * per second); the client keeps its own run listings under this. Defaults to 30.
   */
  runListsPerMinute?: number;
  /** Injected in tests. */
  fetch?: typeof fetch;
  clock?: Clock;
  random?: () => number;
}

/** A run with the plan, apply and cost estimate side-loaded. */
export interface RunDetails {
  run: Run;
  plan?: Plan;
  apply?: Apply;
  /** Absent when the organization has cost estimation turned off. */
  costEstimate?: CostEstimate;
}

/** One page of a workspace's runs, newest first. */
export interface RunPage {
  runs: Run[];
  pagination?: Pagination;
}

/** Input of {@link TerraformCloudClient.createWorkspace}. */
export type CreateWorkspaceInput = WorkspaceWritableAttributes & {
  name: string;
  /** Key/value tags (tag bindings), e.g. `{ service: 'payments', environment: 'dev' }`. */
  tags?: Record<string, string>;
};

/** Input of {@link TerraformCloudClient.updateWorkspace}. */
export type UpdateWorkspaceInput = WorkspaceWritableAttributes & {
  /** Tag bindings to add, or whose value to change; others are kept. */
  tags?: Record<string, string>;
};

/** Input of {@link TerraformCloudClient.createVariable}. */
export type CreateVariableInput = VariableWritableAttributes & {
  key: string;
  category: VariableCategory;
};

/** Input of {@link TerraformCloudClient.createRun}. */
export interface CreateRunInput {
  workspaceId: string;
  /** Defaults to the workspace's latest configuration version. */
  configurationVersionId?: string;
  /** `message`, `auto-apply` (defaults to the workspace's setting), `is-destroy`... */
  attributes?: RunWritableAttributes;
}

/**
 * A typed client of the Terraform Cloud API v2 (HCP Terraform and Terraform
 * Enterprise) for what the provisioning plugin does: workspaces, their
 * variables, configuration versions, runs and state outputs.
 *
 * It retries what can safely be retried (429 after the wait the server asks
 * for; 5xx, timeouts and network errors with exponential back-off and full
 * jitter), keeps run listings under Terraform Cloud's 30 per minute, and turns
 * failures into {@link TerraformCloudError}s that name the call. It logs calls
 * and retries, never bodies, variable values, tokens or upload/log URLs.
 */
export class TerraformCloudClient {
  private readonly transport: TerraformCloudTransport;
  private readonly clock: Clock;
  private readonly runListThrottle: TokenBucket;

  static create(options: TerraformCloudClientOptions): TerraformCloudClient {
    if (!options.token) {
      throw new TypeError('TerraformCloudClient needs an API token');
    }
    return new TerraformCloudClient(options);
  }

  private constructor(private readonly options: TerraformCloudClientOptions) {
    const baseUrl = (options.baseUrl ?? 'https://app.terraform.io').replace(
      /\/+$/,
      '',
    );
    const clock = options.clock ?? systemClock;
    this.clock = clock;
    this.transport = new TerraformCloudTransport({
      apiUrl: `${baseUrl}/api/v2`,
      token: options.token,
      fetch: options.fetch ?? fetch,
      clock,
      random: options.random ?? Math.random,
      logger: options.logger,
      timeoutMs: options.timeoutMs ?? 30_000,
      maxRetries: options.maxRetries ?? 5,
      backoff: {
        baseMs: options.backoffBaseMs ?? 500,
        maxMs: options.backoffMaxMs ?? 30_000,
      },
      maxRateLimitWaitMs: options.maxRateLimitWaitMs ?? 60_000,
    });
    // Terraform Cloud counts run listings per minute; a bucket of capacity C
    // refilled at R per minute allows C + R calls in any one minute, so a
    // third of the limit as burst and two thirds as refill never exceeds it,
    // however the server's window is aligned.
    const perMinute = options.runListsPerMinute ?? 30;
    const burst = Math.max(1, Math.floor(perMinute / 3));
    this.runListThrottle = new TokenBucket({
      capacity: burst,
      refillPerMs: Math.max(perMinute - burst, 1) / 60_000,
      clock,
    });
  }

  // -------------------------------------------------------------------------
  // organizations and workspaces

  /** `GET /organizations/:name`; also a cheap check that the token can see the organization. */
  async getOrganization(name: string): Promise<Organization> {
    const doc = await this.transport.send<Document<Organization>>({
      name: 'getOrganization',
      method: 'GET',
      path: `/organizations/${seg(name)}`,
      ok: [200],
      idempotent: true,
    });
    return doc.data;
  }

  /** `GET /organizations/:org/workspaces/:name`; a 404 throws. */
  async getWorkspace(organization: string, name: string): Promise<Workspace> {
    const doc = await this.transport.send<Document<Workspace>>({
      name: 'getWorkspace',
      method: 'GET',
      path: `/organizations/${seg(organization)}/workspaces/${seg(name)}`,
      ok: [200],
      idempotent: true,
    });
    return doc.data;
  }

  /**
   * Like {@link TerraformCloudClient.getWorkspace}, but undefined on a 404.
   * Mind that a token without access to the workspace also gets a 404, so a
   * later create can still fail with "Name has already been taken".
   */
  async findWorkspace(
    organization: string,
    name: string,
  ): Promise<Workspace | undefined> {
    try {
      return await this.getWorkspace(organization, name);
    } catch (error) {
      if (error instanceof TerraformCloudError && error.status === 404) {
        return undefined;
      }
      throw error;
    }
  }

  /** `GET /workspaces/:id`. */
  async getWorkspaceById(workspaceId: string): Promise<Workspace> {
    const doc = await this.transport.send<Document<Workspace>>({
      name: 'getWorkspaceById',
      method: 'GET',
      path: `/workspaces/${seg(workspaceId)}`,
      ok: [200],
      idempotent: true,
    });
    return doc.data;
  }

  /**
   * `POST /organizations/:org/workspaces`. Names are unique per
   * organization: an existing one gives a 422 ("Name has already been taken").
   */
  async createWorkspace(
    organization: string,
    input: CreateWorkspaceInput,
  ): Promise<Workspace> {
    const { tags, ...attributes } = input;
    const doc = await this.transport.send<Document<Workspace>>({
      name: 'createWorkspace',
      method: 'POST',
      path: `/organizations/${seg(organization)}/workspaces`,
      json: workspaceDocument(attributes, tags),
      ok: [201],
      idempotent: false,
    });
    return doc.data;
  }

  /** `PATCH /workspaces/:id`: changes the given attributes, adds or updates the given tags. */
  async updateWorkspace(
    workspaceId: string,
    input: UpdateWorkspaceInput,
  ): Promise<Workspace> {
    const { tags, ...attributes } = input;
    const doc = await this.transport.send<Document<Workspace>>({
      name: 'updateWorkspace',
      method: 'PATCH',
      path: `/workspaces/${seg(workspaceId)}`,
      json: workspaceDocument(attributes, tags),
      ok: [200],
      idempotent: true,
    });
    return doc.data;
  }

  /** `GET /workspaces/:id/relationships/tag-bindings`: the workspace's key/value tags. */
  async listWorkspaceTagBindings(workspaceId: string): Promise<TagBinding[]> {
    const doc = await this.transport.send<ListDocument<TagBinding>>({
      name: 'listWorkspaceTagBindings',
      method: 'GET',
      path: `/workspaces/${seg(workspaceId)}/relationships/tag-bindings`,
      ok: [200],
      idempotent: true,
    });
    return doc.data;
  }

  // -------------------------------------------------------------------------
  // variables

  /** `GET /workspaces/:id/vars`. Sensitive variables come back with a null value. */
  async listVariables(workspaceId: string): Promise<Variable[]> {
    const doc = await this.transport.send<ListDocument<Variable>>({
      name: 'listVariables',
      method: 'GET',
      path: `/workspaces/${seg(workspaceId)}/vars`,
      ok: [200],
      idempotent: true,
    });
    return doc.data;
  }

  /**
   * `POST /workspaces/:id/vars`. Mark secrets `sensitive: true`: Terraform
   * Cloud then never shows their value again. A key that exists in the same
   * category gives a 422.
   */
  async createVariable(
    workspaceId: string,
    attributes: CreateVariableInput,
  ): Promise<Variable> {
    const body: VariableWriteDocument = {
      data: { type: 'vars', attributes },
    };
    const doc = await this.transport.send<Document<Variable>>({
      name: 'createVariable',
      method: 'POST',
      path: `/workspaces/${seg(workspaceId)}/vars`,
      json: body,
      ok: [201],
      idempotent: false,
    });
    return doc.data;
  }

  /** `PATCH /workspaces/:id/vars/:variable_id`; omitted attributes keep their value. */
  async updateVariable(
    workspaceId: string,
    variableId: string,
    attributes: VariableWritableAttributes,
  ): Promise<Variable> {
    const body: VariableWriteDocument = {
      data: { type: 'vars', id: variableId, attributes },
    };
    const doc = await this.transport.send<Document<Variable>>({
      name: 'updateVariable',
      method: 'PATCH',
      path: `/workspaces/${seg(workspaceId)}/vars/${seg(variableId)}`,
      json: body,
      ok: [200],
      idempotent: true,
    });
    return doc.data;
  }

  /**
   * `DELETE /workspaces/:id/vars/:variable_id` (204). A 404 is success too:
   * a retried delete finds the variable gone.
   */
  async deleteVariable(workspaceId: string, variableId: string): Promise<void> {
    await this.transport.send<void>({
      name: 'deleteVariable',
      method: 'DELETE',
      path: `/workspaces/${seg(workspaceId)}/vars/${seg(variableId)}`,
      ok: [204, 404],
      idempotent: true,
    });
  }

  // -------------------------------------------------------------------------
  // configuration versions

  /**
   * `POST /workspaces/:id/configuration-versions` with `auto-queue-runs:
   * false`: the caller creates the run itself once the upload is processed.
   * The answer's `upload-url` is shown this once and is a secret.
   */
  async createConfigurationVersion(
    workspaceId: string,
    options: { speculative?: boolean } = {},
  ): Promise<ConfigurationVersion> {
    const body: ConfigurationVersionWriteDocument = {
      data: {
        type: 'configuration-versions',
        attributes: {
          'auto-queue-runs': false,
          ...(options.speculative !== undefined && {
            speculative: options.speculative,
          }),
        },
      },
    };
    const doc = await this.transport.send<Document<ConfigurationVersion>>({
      name: 'createConfigurationVersion',
      method: 'POST',
      path: `/workspaces/${seg(workspaceId)}/configuration-versions`,
      json: body,
      ok: [201],
      idempotent: false,
    });
    return doc.data;
  }

  /**
   * PUTs a .tar.gz of the configuration to a configuration version's
   * `upload-url`. The URL itself authorises the upload (blob storage), so
   * the API token is not sent along.
   */
  async uploadConfiguration(
    uploadUrl: string,
    archive: Uint8Array,
  ): Promise<void> {
    await this.transport.send<undefined>({
      name: 'uploadConfiguration',
      method: 'PUT',
      url: uploadUrl,
      shownUrl: '<upload-url>',
      binary: archive,
      ok: [200, 201, 204],
      idempotent: true,
      authenticated: false,
    });
  }

  /** `GET /configuration-versions/:id`. */
  async getConfigurationVersion(
    configurationVersionId: string,
  ): Promise<ConfigurationVersion> {
    const doc = await this.transport.send<Document<ConfigurationVersion>>({
      name: 'getConfigurationVersion',
      method: 'GET',
      path: `/configuration-versions/${seg(configurationVersionId)}`,
      ok: [200],
      idempotent: true,
    });
    return doc.data;
  }

  /**
   * Polls a configuration version until Terraform Cloud has processed the
   * upload (`uploaded`); runs cannot use it before. Throws when it errored
   * (e.g. not a tar.gz) or is still not processed after `timeoutMs`.
   */
  async waitForConfigurationVersion(
    configurationVersionId: string,
    options: { pollIntervalMs?: number; timeoutMs?: number } = {},
  ): Promise<ConfigurationVersion> {
    const pollIntervalMs = options.pollIntervalMs ?? 1000;
    const deadline = this.clock.now() + (options.timeoutMs ?? 120_000);
    const call = `waitForConfigurationVersion (GET /configuration-versions/${configurationVersionId})`;
    for (;;) {
      const version = await this.getConfigurationVersion(
        configurationVersionId,
      );
      const { status } = version.attributes;
      if (status === 'uploaded') {
        return version;
      }
      if (status === 'errored') {
        const reason = [
          version.attributes.error,
          version.attributes['error-message'],
        ]
          .filter(Boolean)
          .join(': ');
        throw TerraformCloudError.invalidResponse({
          call,
          reason: `the configuration version errored${
            reason ? `: ${reason}` : ''
          }`,
        });
      }
      if (this.clock.now() + pollIntervalMs > deadline) {
        throw TerraformCloudError.invalidResponse({
          call,
          reason: `the configuration version is still ${status} after ${
            options.timeoutMs ?? 120_000
          } ms`,
        });
      }
      await this.clock.sleep(pollIntervalMs);
    }
  }

  // -------------------------------------------------------------------------
  // runs

  /**
   * `POST /runs`. Never retried after a 5xx or a timeout (Terraform Cloud
   * may have queued it): the error says so, and the caller should look at
   * the workspace's runs before creating another.
   */
  async createRun(input: CreateRunInput): Promise<Run> {
    const body: RunWriteDocument = {
      data: {
        type: 'runs',
        attributes: input.attributes ?? {},
        relationships: {
          workspace: { data: { type: 'workspaces', id: input.workspaceId } },
          ...(input.configurationVersionId && {
            'configuration-version': {
              data: {
                type: 'configuration-versions',
                id: input.configurationVersionId,
              },
            },
          }),
        },
      },
    };
    const doc = await this.transport.send<Document<Run>>({
      name: 'createRun',
      method: 'POST',
      path: '/runs',
      json: body,
      ok: [201],
      idempotent: false,
    });
    return doc.data;
  }

  /** `GET /runs/:id?include=plan,apply,cost_estimate`. */
  async getRun(runId: string): Promise<RunDetails> {
    const doc = await this.transport.send<Document<Run>>({
      name: 'getRun',
      method: 'GET',
      path: `/runs/${seg(runId)}?include=plan,apply,cost_estimate`,
      ok: [200],
      idempotent: true,
    });
    const run = doc.data;
    const included = doc.included ?? [];
    const find = <T extends IncludedResource>(
      type: string,
      id: string | undefined,
    ) =>
      id
        ? (included.find(r => r.type === type && r.id === id) as T | undefined)
        : undefined;
    return {
      run,
      plan: find<Plan>('plans', run.relationships?.plan?.data?.id),
      apply: find<Apply>('applies', run.relationships?.apply?.data?.id),
      costEstimate: find<CostEstimate>(
        'cost-estimates',
        run.relationships?.['cost-estimate']?.data?.id,
      ),
    };
  }

  /** `POST /runs/:id/actions/apply`: confirms a run waiting for it; 409 otherwise. */
  async applyRun(runId: string, comment?: string): Promise<void> {
    await this.runAction('applyRun', runId, 'apply', comment);
  }

  /** `POST /runs/:id/actions/discard`: skips a run waiting for confirmation (or still pending); 409 otherwise. */
  async discardRun(runId: string, comment?: string): Promise<void> {
    await this.runAction('discardRun', runId, 'discard', comment);
  }

  /** `POST /runs/:id/actions/cancel`: interrupts a run that is planning or applying; 409 otherwise. */
  async cancelRun(runId: string, comment?: string): Promise<void> {
    await this.runAction('cancelRun', runId, 'cancel', comment);
  }

  /**
   * `GET /workspaces/:id/runs`: one page, newest first (page 1 and 20 per
   * page unless asked otherwise; at most 100 per page). Throttled, see
   * {@link TerraformCloudClientOptions.runListsPerMinute}.
   */
  async listRuns(
    workspaceId: string,
    options: { pageNumber?: number; pageSize?: number; status?: string[] } = {},
  ): Promise<RunPage> {
    const doc = await this.transport.send<ListDocument<Run>>({
      name: 'listRuns',
      method: 'GET',
      path: runsPath(workspaceId, options),
      ok: [200],
      idempotent: true,
      throttle: this.runListThrottle,
    });
    return { runs: doc.data, pagination: doc.meta?.pagination };
  }

  /**
   * Every run of a workspace, newest first, page by page (following
   * `links.next`, else `meta.pagination.next-page`). Stop iterating to stop
   * fetching: each page costs one of the 30 run listings a minute.
   */
  async *iterateRuns(
    workspaceId: string,
    options: { pageSize?: number; status?: string[] } = {},
  ): AsyncGenerator<Run> {
    let next: Pick<Call, 'path' | 'url'> | undefined = {
      path: runsPath(workspaceId, options),
    };
    let pageNumber = 1;
    while (next) {
      const doc: ListDocument<Run> = await this.transport.send<
        ListDocument<Run>
      >({
        name: 'iterateRuns',
        method: 'GET',
        ...next,
        ok: [200],
        idempotent: true,
        throttle: this.runListThrottle,
      });
      yield* doc.data;
      pageNumber += 1;
      next = this.nextPage(doc, {
        path: runsPath(workspaceId, { ...options, pageNumber }),
        pageNumber,
      });
    }
  }

  // -------------------------------------------------------------------------
  // outputs, plans and applies

  /**
   * `GET /workspaces/:id/current-state-version-outputs`. Sensitive outputs
   * come with a null value, and stay null here. Terraform Cloud answers 503
   * while it is still processing a new state; that is retried.
   */
  async getCurrentStateVersionOutputs(
    workspaceId: string,
  ): Promise<StateVersionOutput[]> {
    const doc = await this.transport.send<ListDocument<StateVersionOutput>>({
      name: 'getCurrentStateVersionOutputs',
      method: 'GET',
      path: `/workspaces/${seg(workspaceId)}/current-state-version-outputs`,
      ok: [200],
      idempotent: true,
    });
    return doc.data;
  }

  /** `GET /plans/:id`. */
  async getPlan(planId: string): Promise<Plan> {
    const doc = await this.transport.send<Document<Plan>>({
      name: 'getPlan',
      method: 'GET',
      path: `/plans/${seg(planId)}`,
      ok: [200],
      idempotent: true,
    });
    return doc.data;
  }

  /** `GET /applies/:id`. */
  async getApply(applyId: string): Promise<Apply> {
    const doc = await this.transport.send<Document<Apply>>({
      name: 'getApply',
      method: 'GET',
      path: `/applies/${seg(applyId)}`,
      ok: [200],
      idempotent: true,
    });
    return doc.data;
  }

  /**
   * The plan's temporary log URL (`log-read-url`): readable without a token
   * for a limited time, so treat it as a secret and fetch a fresh one each time.
   */
  async getPlanLogUrl(planId: string): Promise<string | null> {
    return (await this.getPlan(planId)).attributes['log-read-url'] ?? null;
  }

  /** The apply's temporary log URL; see {@link TerraformCloudClient.getPlanLogUrl}. */
  async getApplyLogUrl(applyId: string): Promise<string | null> {
    return (await this.getApply(applyId)).attributes['log-read-url'] ?? null;
  }

  // -------------------------------------------------------------------------
  // plumbing

  private async runAction(
    name: string,
    runId: string,
    action: 'apply' | 'discard' | 'cancel',
    comment: string | undefined,
  ): Promise<void> {
    const body: ActionComment | undefined =
      comment !== undefined ? { comment } : undefined;
    await this.transport.send<undefined>({
      name,
      method: 'POST',
      path: `/runs/${seg(runId)}/actions/${action}`,
      json: body,
      ok: [202],
      idempotent: false,
    });
  }

  /**
   * The next page of a list: `links.next` when it points below our own API
   * URL (so the token never goes elsewhere, e.g. to a host name a proxy
   * rewrote), else the page number from `meta.pagination`.
   */
  private nextPage<T>(
    doc: ListDocument<T>,
    fallback: { path: string; pageNumber: number },
  ): Pick<Call, 'path' | 'url'> | undefined {
    const nextLink = doc.links?.next;
    if (nextLink) {
      const url = new URL(nextLink, this.transport.apiUrl);
      if (url.href.startsWith(`${this.transport.apiUrl}/`)) {
        return { url: url.href };
      }
    }
    const nextPage = doc.meta?.pagination?.['next-page'];
    if (nextPage === fallback.pageNumber) {
      return { path: fallback.path };
    }
    if (nextLink) {
      // A next page exists but we could not follow it safely.
      this.options.logger?.warn(
        `Terraform Cloud pagination link leaves ${this.transport.apiUrl}; stopped listing`,
      );
    }
    return undefined;
  }
}

function workspaceDocument(
  attributes: WorkspaceWritableAttributes,
  tags: Record<string, string> | undefined,
): WorkspaceWriteDocument {
  return {
    data: {
      type: 'workspaces',
      attributes,
      ...(tags && {
        relationships: {
          'tag-bindings': {
            data: Object.entries(tags).map(([key, value]) => ({
              type: 'tag-bindings' as const,
              attributes: { key, value },
            })),
          },
        },
      }),
    },
  };
}

/** `/workspaces/:id/runs` with its page and filter parameters. */
function runsPath(
  workspaceId: string,
  options: { pageNumber?: number; pageSize?: number; status?: string[] },
): string {
  return `/workspaces/${seg(workspaceId)}/runs${query({
    'page[number]': options.pageNumber,
    'page[size]': options.pageSize,
    'filter[status]': options.status?.join(','),
  })}`;
}

/** One path segment, escaped. */
function seg(value: string): string {
  return encodeURIComponent(value);
}

/** `?a=1&b=2` from the defined values, or ''. Brackets are percent-encoded, as the docs ask. */
function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') {
      search.set(key, String(value));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
