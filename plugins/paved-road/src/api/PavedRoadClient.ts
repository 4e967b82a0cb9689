import { parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import type { PavedRoadApi } from './PavedRoadApi';

const enc = encodeURIComponent;

function entityPath(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/entities/${enc(kind)}/${enc(namespace)}/${enc(name)}`;
}

/** Calls `/api/paved-road` through the fetch API (which adds the user's token). */
export class PavedRoadClient implements PavedRoadApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  async listServices(filter: { owner?: string } = {}) {
    const query = filter.owner ? `?owner=${enc(filter.owner)}` : '';
    return this.call('GET', `/services${query}`);
  }

  async getService(entityRef: string) {
    return this.call('GET', entityPath(entityRef));
  }

  async upgrade(entityRef: string) {
    return this.call('POST', `${entityPath(entityRef)}/upgrade`);
  }

  async upgradeMany(entityRefs: string[]) {
    return this.call('POST', '/upgrades', { entityRefs });
  }

  async merge(entityRef: string) {
    return this.call('POST', `${entityPath(entityRef)}/upgrade/merge`);
  }

  private async call(method: string, path: string, body?: unknown) {
    const base = await this.options.discoveryApi.getBaseUrl('paved-road');
    const response = await this.options.fetchApi.fetch(`${base}${path}`, {
      method,
      ...(body !== undefined && {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return response.json();
  }
}

/** The backend's message (what to do), not "Request failed with 403". */
export function errorMessage(error: unknown): string {
  const body = (error as ResponseError)?.body;
  return body?.error?.message ?? (error as Error)?.message ?? String(error);
}
