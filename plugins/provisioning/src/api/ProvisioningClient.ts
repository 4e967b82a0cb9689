import { parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import type {
  ProvisioningRequestBody,
  ProvisioningRequestResult,
  ProvisioningRun,
  RunLogEntry,
  ServiceProvisioning,
} from '@internal/plugin-provisioning-common';
import type { ProvisioningApi } from './ProvisioningApi';

/** {@link ProvisioningApi} over HTTP, through the discovery and fetch APIs. */
export class ProvisioningClient implements ProvisioningApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  async getServiceProvisioning(
    entityRef: string,
    options: { history?: number } = {},
  ): Promise<ServiceProvisioning> {
    const { kind, namespace, name } = parseEntityRef(entityRef);
    const path = `/entities/${[kind, namespace, name]
      .map(encodeURIComponent)
      .join('/')}?history=${options.history ?? 20}`;
    return this.call('GET', path);
  }

  getRun(runId: string): Promise<ProvisioningRun> {
    return this.call('GET', `/runs/${encodeURIComponent(runId)}`);
  }

  async listRunsToDecide(): Promise<ProvisioningRun[]> {
    const { runs } = await this.call<{ runs: ProvisioningRun[] }>(
      'GET',
      '/decisions',
    );
    return runs;
  }

  async getRunLog(runId: string): Promise<RunLogEntry[]> {
    const { entries } = await this.call<{ entries: RunLogEntry[] }>(
      'GET',
      `/runs/${encodeURIComponent(runId)}/log`,
    );
    return entries;
  }

  request(body: ProvisioningRequestBody): Promise<ProvisioningRequestResult> {
    return this.call('POST', '/requests', body);
  }

  approve(runId: string, comment: string): Promise<ProvisioningRun> {
    return this.call('POST', `/runs/${encodeURIComponent(runId)}/approve`, {
      comment,
    });
  }

  discard(runId: string, comment: string): Promise<ProvisioningRun> {
    return this.call('POST', `/runs/${encodeURIComponent(runId)}/discard`, {
      comment,
    });
  }

  retry(runId: string, comment?: string): Promise<ProvisioningRun> {
    return this.call('POST', `/runs/${encodeURIComponent(runId)}/retry`, {
      ...(comment && { comment }),
    });
  }

  private async call<T>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('provisioning');
    const response = await this.options.fetchApi.fetch(`${baseUrl}${path}`, {
      method,
      ...(body !== undefined && {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
