import { HttpFailure, HttpTransport } from '@internal/http-transport';
import { ArgoCDError, errorFromResponse } from './ArgoCDError';
import { jsonLines, readItems } from './streamJson';
import {
  applicationApplicationPatchRequest,
  applicationApplicationResourceResponse,
  applicationApplicationRollbackRequest,
  applicationApplicationSyncRequest,
  applicationResourceActionRunRequestV2,
  applicationResourceActionsListResponse,
  projectProjectCreateRequest,
  repositoryManifestResponse,
  runtimeError,
  runtimeStreamError,
  sessionSessionResponse,
  v1alpha1AppProject,
  v1alpha1Application,
  v1alpha1ApplicationList,
  v1alpha1ApplicationTree,
  v1alpha1ResourceAction,
  v1alpha1RevisionMetadata,
  v1alpha1SyncStrategy,
} from '@internal/api-argocd';

/** How to reach and authenticate to one Argo CD instance. */
export interface ArgoCDClientOptions {
  /** The Argo CD server, e.g. `https://argocd.example.com` (no `/api/v1`). */
  baseUrl: string;
  /** A bearer token (an Argo CD account's API token). */
  token?: string;
  /** Alternatively, a local account to log in with (`POST /api/v1/session`). */
  credentials?: { username: string; password: string };
  /** Per-request timeout, body included; 10 seconds by default. */
  timeoutMs?: number;
  /** Retries of a GET after a 5xx or network error; 2 by default. */
  getRetries?: number;
  /** Base delay of the exponential back-off with full jitter; 250 ms by default. */
  retryDelayMs?: number;
  /**
   * `v2` (default): `POST .../resource/actions/v2` with a JSON body (Argo CD
   * >= 3.1). `v1`: the deprecated `POST .../resource/actions` with the
   * resource in the query and the action name as a JSON string body, for
   * older servers.
   */
  resourceActionsApi?: 'v1' | 'v2';
  fetch?: typeof fetch;
  /** For tests: the jitter source. */
  random?: () => number;
}

/** Where an application lives, when it is not in Argo CD's own namespace. */
export interface ApplicationScope {
  appNamespace?: string;
  /**
   * With a project, Argo CD answers 404 for a missing application; without,
   * 403 (it does not reveal whether an app exists to those who cannot see it).
   */
  project?: string;
}

/** Identifies a live resource of an application. */
export interface ResourceRef {
  group: string;
  version: string;
  kind: string;
  namespace: string;
  resourceName: string;
}

export interface RequestOptions {
  signal?: AbortSignal;
}

/** The built-in Argo CD actions on an `argoproj.io/Rollout`. */
export type RolloutAction =
  | 'resume'
  | 'promote-full'
  | 'abort'
  | 'retry'
  | 'restart'
  | 'pause'
  | 'skip-current-step';

type Query = Record<string, string | string[] | undefined>;

/** The filters of a list or a watch of applications. */
export interface ApplicationQuery {
  /** A Kubernetes label selector, e.g. `app.kubernetes.io/name`. */
  selector?: string;
  projects?: string[];
}

/** One change of the watch stream (`v1alpha1ApplicationWatchEvent`). */
export interface ApplicationWatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  application: v1alpha1Application;
}

interface Call {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  query?: Query;
  body?: unknown;
  /** Named in error messages. */
  application?: string;
  signal?: AbortSignal;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_GET_RETRIES = 2;
const DEFAULT_RETRY_DELAY_MS = 250;
const MAX_RETRY_DELAY_MS = 5_000;

const enc = encodeURIComponent;

/**
 * A typed client of one Argo CD instance's REST API (the contract is
 * shared/specs/argocd-swagger.json). Reads are retried a few times after
 * 5xx and network errors; mutations never are, because a retried rollback
 * or sync that did reach Argo CD would run twice.
 */
export class ArgoCDClient {
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;
  /** The shared transport, for every call but the streams. */
  private readonly http: HttpTransport;
  private sessionToken?: Promise<string>;

  constructor(private readonly options: ArgoCDClientOptions) {
    if (!options.token && !options.credentials) {
      throw new Error(
        `Argo CD client for ${options.baseUrl}: give a token or credentials`,
      );
    }
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? globalThis.fetch;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.http = new HttpTransport({
      system: 'Argo CD',
      baseUrl: this.baseUrl,
      fetch: this.fetchImpl,
      timeoutMs: this.timeoutMs,
      random: options.random,
      retry: {
        retries: options.getRetries ?? DEFAULT_GET_RETRIES,
        baseDelayMs: options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS,
        maxDelayMs: MAX_RETRY_DELAY_MS,
      },
    });
  }

  /**
   * All applications in one call, optionally filtered by a Kubernetes label
   * selector (`app.kubernetes.io/name=payments-api,environment in (dev,prod)`)
   * and projects. Views over many services must use this, never one call
   * per application.
   */
  async listApplications(
    query: { selector?: string; projects?: string[] } & RequestOptions = {},
  ): Promise<v1alpha1ApplicationList & { items: v1alpha1Application[] }> {
    const list = await this.call<v1alpha1ApplicationList>({
      method: 'GET',
      path: '/api/v1/applications',
      query: { selector: query.selector, projects: query.projects },
      signal: query.signal,
    });
    return { ...list, items: list.items ?? [] };
  }

  /**
   * The same list, read as it arrives: each application is parsed alone and
   * handed to `onItem`, and the event loop gets its turn every few
   * milliseconds. For instances with thousands of applications, whose list
   * is too big to hold as one string and to parse in one go. Answers the
   * list's resourceVersion, from which a watch can start.
   */
  async forEachApplication(
    query: ApplicationQuery & RequestOptions,
    onItem: (app: v1alpha1Application) => void,
  ): Promise<{ resourceVersion?: string }> {
    const request = 'GET /api/v1/applications';
    const body = await this.openStream(
      {
        method: 'GET',
        path: '/api/v1/applications',
        query: { selector: query.selector, projects: query.projects },
        signal: query.signal,
      },
      // The body of a big list takes longer than one request's timeout.
      { bodyTimeout: true },
    );
    try {
      const rest = await readItems(body.stream, item =>
        onItem(item as v1alpha1Application),
      );
      const metadata = rest.metadata as
        | { resourceVersion?: string }
        | undefined;
      return { resourceVersion: metadata?.resourceVersion };
    } catch (error) {
      throw this.streamFailure(error, request, query.signal, body.timeout);
    } finally {
      body.done();
    }
  }

  /**
   * Argo CD's watch (`GET /api/v1/stream/applications`): the changes of the
   * applications the query selects, as they happen, until `signal` aborts
   * or the connection ends (the iteration then ends; a stream error
   * throws). Without `resourceVersion` every application first arrives as
   * ADDED; with it, only changes after it. An error with reason `expired`
   * means the version is too old: list again.
   */
  async *watchApplications(
    query: ApplicationQuery &
      RequestOptions & {
        resourceVersion?: string;
        /** Called once Argo CD accepted the watch (before any event). */
        onOpen?: () => void;
      },
  ): AsyncGenerator<ApplicationWatchEvent> {
    const request = 'GET /api/v1/stream/applications';
    const body = await this.openStream({
      method: 'GET',
      path: '/api/v1/stream/applications',
      query: {
        selector: query.selector,
        projects: query.projects,
        resourceVersion: query.resourceVersion,
      },
      signal: query.signal,
    });
    query.onOpen?.();
    try {
      for await (const message of jsonLines(body.stream)) {
        const { result, error } = (message ?? {}) as {
          result?: ApplicationWatchEvent;
          error?: runtimeStreamError;
        };
        if (error) {
          throw streamError(error, request);
        }
        if (result?.application) yield result;
      }
    } catch (error) {
      throw this.streamFailure(error, request, query.signal);
    } finally {
      body.done();
    }
  }

  async getApplication(
    name: string,
    scope: ApplicationScope &
      RequestOptions & {
        /** Read git now (`normal`) instead of at the next poll; Argo CD answers after it. */
        refresh?: 'normal' | 'hard';
      } = {},
  ): Promise<v1alpha1Application> {
    return this.call({
      method: 'GET',
      path: `/api/v1/applications/${enc(name)}`,
      query: {
        appNamespace: scope.appNamespace,
        project: scope.project,
        refresh: scope.refresh,
      },
      application: name,
      signal: scope.signal,
    });
  }

  /**
   * Creates an application (`POST /api/v1/applications`). Argo CD answers
   * the existing application when one with the same spec, labels and
   * annotations exists, so repeating a create is safe; one with a different
   * spec is refused (400) unless `upsert` is set, which replaces it.
   */
  async createApplication(
    app: v1alpha1Application,
    options: { upsert?: boolean; validate?: boolean } & RequestOptions = {},
  ): Promise<v1alpha1Application> {
    return this.call({
      method: 'POST',
      path: '/api/v1/applications',
      query: {
        upsert:
          options.upsert === undefined ? undefined : String(options.upsert),
        validate:
          options.validate === undefined ? undefined : String(options.validate),
      },
      body: app,
      application: app.metadata?.name,
      signal: options.signal,
    });
  }

  /**
   * Creates an AppProject (`POST /api/v1/projects`), with the same
   * idempotency and `upsert` rules as applications.
   */
  async createProject(
    project: v1alpha1AppProject,
    options: { upsert?: boolean } & RequestOptions = {},
  ): Promise<v1alpha1AppProject> {
    const body: projectProjectCreateRequest = {
      project,
      upsert: options.upsert ?? false,
    };
    return this.call({
      method: 'POST',
      path: '/api/v1/projects',
      body,
      signal: options.signal,
    });
  }

  /** An AppProject (`GET /api/v1/projects/{name}`); 404 when it does not exist. */
  async getProject(
    name: string,
    options: RequestOptions = {},
  ): Promise<v1alpha1AppProject> {
    return this.call({
      method: 'GET',
      path: `/api/v1/projects/${enc(name)}`,
      signal: options.signal,
    });
  }

  /** The live resources of an application: Rollouts, their ReplicaSets, pods, AnalysisRuns... */
  async getResourceTree(
    name: string,
    scope: ApplicationScope & RequestOptions = {},
  ): Promise<v1alpha1ApplicationTree> {
    return this.call({
      method: 'GET',
      path: `/api/v1/applications/${enc(name)}/resource-tree`,
      query: { appNamespace: scope.appNamespace, project: scope.project },
      application: name,
      signal: scope.signal,
    });
  }

  /**
   * One live resource of an application, e.g. its Rollout or an AnalysisRun,
   * parsed from the JSON manifest Argo CD returns.
   */
  async getResource<T = unknown>(
    name: string,
    resource: ResourceRef & ApplicationScope & RequestOptions,
  ): Promise<T> {
    const response = await this.call<applicationApplicationResourceResponse>({
      method: 'GET',
      path: `/api/v1/applications/${enc(name)}/resource`,
      query: resourceQuery(resource),
      application: name,
      signal: resource.signal,
    });
    if (!response.manifest) {
      throw new ArgoCDError(
        `Argo CD returned no manifest for ${resource.kind} ${resource.resourceName} of '${name}'`,
        {
          reason: 'unknown',
          request: `GET /api/v1/applications/${name}/resource`,
        },
      );
    }
    return JSON.parse(response.manifest) as T;
  }

  /**
   * The desired manifests of the application at `revision` (the target
   * revision when omitted), as Argo CD renders them from git: what a
   * rollback to that revision would apply.
   */
  async getManifests(
    name: string,
    query: { revision?: string } & ApplicationScope & RequestOptions = {},
  ): Promise<repositoryManifestResponse> {
    return this.call({
      method: 'GET',
      path: `/api/v1/applications/${enc(name)}/manifests`,
      query: {
        revision: query.revision,
        appNamespace: query.appNamespace,
        project: query.project,
      },
      application: name,
      signal: query.signal,
    });
  }

  /** Author, date and message of a commit of the application's source. */
  async getRevisionMetadata(
    name: string,
    revision: string,
    scope: ApplicationScope & RequestOptions = {},
  ): Promise<v1alpha1RevisionMetadata> {
    return this.call({
      method: 'GET',
      path: `/api/v1/applications/${enc(name)}/revisions/${enc(
        revision,
      )}/metadata`,
      query: { appNamespace: scope.appNamespace, project: scope.project },
      application: name,
      signal: scope.signal,
    });
  }

  /** Which actions (resume, abort, ...) a live resource offers now, and which are disabled. */
  async listResourceActions(
    name: string,
    resource: ResourceRef & ApplicationScope & RequestOptions,
  ): Promise<v1alpha1ResourceAction[]> {
    const response = await this.call<applicationResourceActionsListResponse>({
      method: 'GET',
      path: `/api/v1/applications/${enc(name)}/resource/actions`,
      query: resourceQuery(resource),
      application: name,
      signal: resource.signal,
    });
    return response.actions ?? [];
  }

  /**
   * Rolls back to the history entry `id`. Argo CD refuses this (400) while
   * auto-sync is enabled and while another operation runs. Answers the
   * application with the rollback operation set; it completes later.
   */
  async rollback(
    name: string,
    request: {
      id: number;
      dryRun?: boolean;
      prune?: boolean;
    } & ApplicationScope &
      RequestOptions,
  ): Promise<v1alpha1Application> {
    const body: applicationApplicationRollbackRequest = {
      name,
      id: request.id,
      dryRun: request.dryRun ?? false,
      prune: request.prune ?? false,
      appNamespace: request.appNamespace,
      project: request.project,
    };
    return this.call({
      method: 'POST',
      path: `/api/v1/applications/${enc(name)}/rollback`,
      body,
      application: name,
      signal: request.signal,
    });
  }

  /** Syncs to the target revision (or `revision`, which auto-sync forbids). */
  async sync(
    name: string,
    request: {
      revision?: string;
      dryRun?: boolean;
      prune?: boolean;
      strategy?: v1alpha1SyncStrategy;
      syncOptions?: string[];
    } & ApplicationScope &
      RequestOptions = {},
  ): Promise<v1alpha1Application> {
    const body: applicationApplicationSyncRequest = {
      name,
      revision: request.revision,
      dryRun: request.dryRun ?? false,
      prune: request.prune ?? false,
      strategy: request.strategy,
      syncOptions: request.syncOptions
        ? { items: request.syncOptions }
        : undefined,
      appNamespace: request.appNamespace,
      project: request.project,
    };
    return this.call({
      method: 'POST',
      path: `/api/v1/applications/${enc(name)}/sync`,
      body,
      application: name,
      signal: request.signal,
    });
  }

  /**
   * Patches the application (spec, labels, annotations). See autoSync.ts for
   * the patches that suspend and resume auto-sync.
   */
  async patchApplication(
    name: string,
    patch: unknown,
    patchType: 'merge' | 'json',
    scope: ApplicationScope & RequestOptions = {},
  ): Promise<v1alpha1Application> {
    const body: applicationApplicationPatchRequest = {
      name,
      patch: JSON.stringify(patch),
      patchType,
      appNamespace: scope.appNamespace,
      project: scope.project,
    };
    return this.call({
      method: 'PATCH',
      path: `/api/v1/applications/${enc(name)}`,
      body,
      application: name,
      signal: scope.signal,
    });
  }

  /**
   * Runs a resource action, e.g. `promote-full` or `abort` on a Rollout
   * (see argocd-docs/resource_actions.md for the built-in ones).
   */
  async runResourceAction(
    name: string,
    request: { action: RolloutAction | string } & ResourceRef &
      ApplicationScope &
      RequestOptions,
  ): Promise<void> {
    if (this.options.resourceActionsApi === 'v1') {
      await this.call({
        method: 'POST',
        path: `/api/v1/applications/${enc(name)}/resource/actions`,
        query: resourceQuery(request),
        // The v1 body is the action name alone, as a JSON string.
        body: request.action,
        application: name,
        signal: request.signal,
      });
      return;
    }
    const body: applicationResourceActionRunRequestV2 = {
      name,
      action: request.action,
      group: request.group,
      version: request.version,
      kind: request.kind,
      namespace: request.namespace,
      resourceName: request.resourceName,
      resourceActionParameters: [],
      appNamespace: request.appNamespace,
      project: request.project,
    };
    await this.call({
      method: 'POST',
      path: `/api/v1/applications/${enc(name)}/resource/actions/v2`,
      body,
      application: name,
      signal: request.signal,
    });
  }

  /** Stops the running sync or rollback (400 when none runs). */
  async terminateOperation(
    name: string,
    scope: ApplicationScope & RequestOptions = {},
  ): Promise<void> {
    await this.call({
      method: 'DELETE',
      path: `/api/v1/applications/${enc(name)}/operation`,
      query: { appNamespace: scope.appNamespace, project: scope.project },
      application: name,
      signal: scope.signal,
    });
  }

  /**
   * Reads are retried by the transport after 5xx and network errors (a
   * timeout is not: the caller's time budget is spent, and a slow instance
   * must not hold a page three times as long); mutations never are.
   */
  private call<T>(call: Call): Promise<T> {
    return this.authenticatedCall<T>(call);
  }

  /** Sends with the token; after a 401 on a session token, logs in once more. */
  private async authenticatedCall<T>(call: Call): Promise<T> {
    const token = await this.token(call.signal);
    try {
      return await this.send<T>(call, token);
    } catch (error) {
      if (
        error instanceof ArgoCDError &&
        error.reason === 'unauthenticated' &&
        this.options.credentials
      ) {
        // Session tokens expire; a 401 means Argo CD did not act on the
        // request, so repeating it (even a mutation) is safe.
        this.sessionToken = undefined;
        return await this.send<T>(call, await this.token(call.signal));
      }
      throw error;
    }
  }

  private token(signal?: AbortSignal): Promise<string> {
    if (this.options.token) {
      return Promise.resolve(this.options.token);
    }
    if (!this.sessionToken) {
      const login = this.login(signal);
      this.sessionToken = login;
      // A failed login must not be cached: the next call tries again.
      login.catch(() => {
        if (this.sessionToken === login) {
          this.sessionToken = undefined;
        }
      });
    }
    return this.sessionToken;
  }

  private async login(signal?: AbortSignal): Promise<string> {
    const response = await this.send<sessionSessionResponse>(
      {
        method: 'POST',
        path: '/api/v1/session',
        body: this.options.credentials,
        signal,
      },
      undefined,
    );
    if (!response.token) {
      throw new ArgoCDError('Argo CD session login returned no token', {
        reason: 'unauthenticated',
        request: 'POST /api/v1/session',
      });
    }
    return response.token;
  }

  private async send<T>(call: Call, token: string | undefined): Promise<T> {
    const request = `${call.method} ${call.path}`;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token) {
      headers.authorization = `Bearer ${token}`;
    }
    const response = await this.http.request({
      method: call.method,
      url: `${this.baseUrl}${call.path}${queryString(call.query)}`,
      headers,
      json: call.body,
      operation: request,
      // A retried rollback or sync that did reach Argo CD would run twice.
      idempotent: call.method === 'GET',
      signal: call.signal,
      errorOf: failure => this.failure(failure, call.application),
    });
    return (parseJson(response.text()) ?? {}) as T;
  }

  /** A failed call as an ArgoCDError. */
  private failure(failure: HttpFailure, application?: string): ArgoCDError {
    const request = failure.operation;
    if (failure.kind === 'timeout') {
      return new ArgoCDError(
        `Argo CD did not answer ${request} within ${this.timeoutMs} ms`,
        { reason: 'timeout', request, cause: failure.cause },
      );
    }
    if (failure.kind === 'network') {
      return new ArgoCDError(
        `Could not reach Argo CD at ${this.baseUrl} for ${request}: ${
          (failure.cause as Error)?.message ?? failure.cause
        }`,
        { reason: 'network', request, cause: failure.cause },
      );
    }
    const body = parseJson(failure.text ?? '');
    return errorFromResponse({
      request,
      status: failure.status!,
      statusText: failure.statusText ?? '',
      body: isRuntimeError(body) ? body : undefined,
      application,
    });
  }

  /**
   * Sends a GET whose body is read as a stream: the timeout covers the
   * answer's headers (and with `bodyTimeout`, a body that stops arriving
   * for that long), never a watch that stays open for hours.
   */
  private async openStream(
    call: Call,
    options: { bodyTimeout?: boolean } = {},
  ): Promise<{
    stream: ReadableStream<Uint8Array>;
    timeout: AbortSignal;
    done: () => void;
  }> {
    const request = `${call.method} ${call.path}`;
    const url = `${this.baseUrl}${call.path}${queryString(call.query)}`;
    const controller = new AbortController();
    const onAbort = () => controller.abort(call.signal?.reason);
    call.signal?.addEventListener('abort', onAbort, { once: true });
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(
        () => controller.abort(new Error('timeout')),
        this.timeoutMs,
      );
    };
    const done = () => {
      clearTimeout(timer);
      call.signal?.removeEventListener('abort', onAbort);
    };
    const open = async (token: string) => {
      arm();
      const response = await this.fetchImpl(url, {
        method: call.method,
        headers: {
          accept: 'application/json',
          authorization: `Bearer ${token}`,
        },
        signal: controller.signal,
      });
      if (response.ok && response.body) return response;
      const text = await response.text();
      const body = parseJson(text);
      throw errorFromResponse({
        request,
        status: response.status,
        statusText: response.statusText,
        body: isRuntimeError(body) ? body : undefined,
      });
    };
    try {
      if (call.signal?.aborted) throw call.signal.reason;
      let response: Response;
      try {
        response = await open(await this.token(call.signal));
      } catch (error) {
        if (
          !(error instanceof ArgoCDError) ||
          error.reason !== 'unauthenticated' ||
          !this.options.credentials
        ) {
          throw error;
        }
        this.sessionToken = undefined; // an expired session: log in again
        response = await open(await this.token(call.signal));
      }
      if (!options.bodyTimeout) clearTimeout(timer);
      const source = response.body!;
      // With a body timeout, every chunk that arrives re-arms it.
      const stream = options.bodyTimeout
        ? source.pipeThrough(
            new TransformStream<Uint8Array, Uint8Array>({
              transform(chunk, out) {
                arm();
                out.enqueue(chunk);
              },
            }),
          )
        : source;
      return { stream, timeout: controller.signal, done };
    } catch (error) {
      done();
      throw this.streamFailure(error, request, call.signal, controller.signal);
    }
  }

  /** A failure while opening or reading a stream, as an ArgoCDError. */
  private streamFailure(
    error: unknown,
    request: string,
    signal?: AbortSignal,
    own?: AbortSignal,
  ): unknown {
    if (error instanceof ArgoCDError) return error;
    if (signal?.aborted) return signal.reason ?? error;
    if (own?.aborted) {
      return new ArgoCDError(
        `Argo CD did not answer ${request} within ${this.timeoutMs} ms`,
        { reason: 'timeout', request, cause: error },
      );
    }
    if (error instanceof SyntaxError) {
      return new ArgoCDError(
        `Argo CD sent an answer to ${request} that is not JSON: ${error.message}`,
        { reason: 'unknown', request, cause: error },
      );
    }
    return new ArgoCDError(
      `Could not reach Argo CD at ${this.baseUrl} for ${request}: ${
        (error as Error)?.message ?? error
      }`,
      { reason: 'network', request, cause: error },
    );
  }
}

function resourceQuery(resource: ResourceRef & ApplicationScope): Query {
  return {
    namespace: resource.namespace,
    resourceName: resource.resourceName,
    version: resource.version,
    group: resource.group,
    kind: resource.kind,
    appNamespace: resource.appNamespace,
    project: resource.project,
  };
}

function queryString(query: Query | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    // Arrays repeat the key (`projects=a&projects=b`), as grpc-gateway expects.
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined) {
        params.append(key, item);
      }
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function parseJson(text: string): unknown {
  if (!text) {
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch {
    // A proxy in front of Argo CD may answer with HTML.
    return undefined;
  }
}

function isRuntimeError(body: unknown): body is runtimeError {
  return (
    !!body &&
    typeof body === 'object' &&
    ('message' in body || 'error' in body || 'code' in body)
  );
}

/** An error line of a stream (`runtimeStreamError`), as an ArgoCDError. */
function streamError(error: runtimeStreamError, request: string): ArgoCDError {
  const status = error.http_code ?? 500;
  const body = { code: error.grpc_code, message: error.message };
  if (status === 410 || /too old resource version/i.test(error.message ?? '')) {
    return new ArgoCDError(
      `Argo CD cannot resume the watch: ${error.message}; listing again`,
      { reason: 'expired', request, status: 410, body },
    );
  }
  return errorFromResponse({
    request,
    status,
    statusText: error.http_status ?? '',
    body,
  });
}
