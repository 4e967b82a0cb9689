import { parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import type {
  AlertsResponse,
  DashboardsResponse,
  LogSearchResponse,
  LogsResponse,
  SlisResponse,
  TimeWindow,
  TraceDetailResponse,
  TracesResponse,
} from '@internal/plugin-observability-common';
import type {
  LogSearchQuery,
  ObservabilityApi,
  SlisQuery,
  TracesQuery,
} from '@internal/plugin-observability-react';

/** {@link ObservabilityApi} over HTTP, through the discovery and fetch APIs. */
export class ObservabilityClient implements ObservabilityApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  getDashboards(entityRef: string): Promise<DashboardsResponse> {
    return this.json(entityRef, 'dashboards');
  }

  async getPanelImage(
    entityRef: string,
    imagePath: string,
    window: TimeWindow,
  ): Promise<Blob> {
    // Through fetchApi, not an <img src>: the request needs the user's token.
    const separator = imagePath.includes('?') ? '&' : '?';
    const response = await this.fetch(
      entityRef,
      `${imagePath}${separator}window=${window}`,
    );
    return response.blob();
  }

  getAlerts(entityRef: string): Promise<AlertsResponse> {
    return this.json(entityRef, 'alerts');
  }

  getTraces(entityRef: string, query: TracesQuery): Promise<TracesResponse> {
    return this.json(entityRef, 'traces', {
      window: query.window,
      environment: query.environment,
      limit: query.limit,
      errorsOnly: query.errorsOnly ? 'true' : undefined,
    });
  }

  getTrace(entityRef: string, traceId: string): Promise<TraceDetailResponse> {
    return this.json(entityRef, `traces/${encodeURIComponent(traceId)}`);
  }

  getSlis(entityRef: string, query: SlisQuery): Promise<SlisResponse> {
    return this.json(entityRef, 'slis', { ...query });
  }

  getLogs(entityRef: string, window: TimeWindow): Promise<LogsResponse> {
    return this.json(entityRef, 'logs', { window });
  }

  searchLogs(
    entityRef: string,
    query: LogSearchQuery,
  ): Promise<LogSearchResponse> {
    return this.json(entityRef, 'logs/search', {
      ...query,
      levels: query.levels?.length ? query.levels.join(',') : undefined,
    });
  }

  private async json<T>(
    entityRef: string,
    path: string,
    query: Record<string, string | number | undefined> = {},
  ): Promise<T> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') {
        params.set(key, String(value));
      }
    }
    const qs = params.toString();
    const response = await this.fetch(entityRef, qs ? `${path}?${qs}` : path);
    return response.json();
  }

  private async fetch(entityRef: string, path: string): Promise<Response> {
    const { kind, namespace, name } = parseEntityRef(entityRef);
    const base = await this.options.discoveryApi.getBaseUrl('observability');
    const entity = [kind, namespace, name].map(encodeURIComponent).join('/');
    const response = await this.options.fetchApi.fetch(
      `${base}/entities/${entity}/${path}`,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }
}
