import { parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import {
  ActivityFacets,
  ActivityPage,
  ActivityQuery,
} from '@internal/plugin-activity-common';
import { ActivityApi } from './ActivityApi';

const enc = encodeURIComponent;

function queryString(query: object): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Calls `/api/activity` through the fetch API (which adds the user's token). */
export class ActivityClient implements ActivityApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  async getEntityActivity(
    entityRef: string,
    page: { offset?: number; limit?: number } = {},
  ): Promise<ActivityPage> {
    const { kind, namespace, name } = parseEntityRef(entityRef);
    return (
      await this.get(
        `/entities/${enc(kind)}/${enc(namespace)}/${enc(name)}${queryString(
          page,
        )}`,
      )
    ).json();
  }

  async getTeamsActivity(
    page: { offset?: number; limit?: number } = {},
  ): Promise<ActivityPage> {
    return (await this.get(`/teams${queryString(page)}`)).json();
  }

  async searchActivity(query: ActivityQuery): Promise<ActivityPage> {
    return (await this.get(`/events${queryString(query)}`)).json();
  }

  async getFacets(): Promise<ActivityFacets> {
    return (await this.get('/facets')).json();
  }

  async exportCsv(query: ActivityQuery): Promise<Blob> {
    const { offset, limit, ...filters } = query;
    return (await this.get(`/events/export.csv${queryString(filters)}`)).blob();
  }

  private async get(path: string): Promise<Response> {
    const base = await this.options.discoveryApi.getBaseUrl('activity');
    const response = await this.options.fetchApi.fetch(`${base}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }
}

/** The backend's message (what to do), not "Request failed with 403". */
export function errorMessage(error: unknown): string {
  const body = (error as ResponseError)?.body;
  return body?.error?.message ?? (error as Error)?.message ?? String(error);
}
