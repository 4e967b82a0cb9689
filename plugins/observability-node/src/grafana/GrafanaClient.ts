import {
  HttpOptions,
  HttpTransport,
  QueryParams,
  RequestOptions,
  toSearchParams,
} from '../http/HttpTransport';
import { UpstreamError } from '../http/UpstreamError';
import {
  GrafanaAlertInstance,
  GrafanaDashboardResponse,
  GrafanaRuleState,
  GrafanaRulesResponse,
  GrafanaSearchHit,
} from '@internal/api-grafana';

export interface GrafanaClientOptions extends HttpOptions {
  /** Where the backend reaches Grafana, e.g. `http://grafana.monitoring:3000`. */
  baseUrl: string;
  /** A service-account token (sent as `Authorization: Bearer`). */
  token: string;
  /**
   * Where browsers reach Grafana, for links and iframes; defaults to
   * `baseUrl`. The two differ when the backend uses an in-cluster address.
   */
  publicUrl?: string;
  /** The organisation of the dashboards. Default 1. */
  orgId?: number;
}

export interface DashboardSearch {
  /** Dashboards must carry every one of these tags. */
  tags?: string[];
  /** Matches titles, case-insensitively. */
  query?: string;
  /** Default 100; Grafana refuses more than 5000. */
  limit?: number;
  /** 1-based. */
  page?: number;
}

/** Milliseconds since the epoch, a Date, or Grafana's relative time (`now-6h`). */
export type GrafanaTime = number | Date | string;

/** One panel of one dashboard, as an embed or image shows it. */
export interface GrafanaPanelRef {
  dashboardUid: string;
  /** The dashboard's slug (the last segment of its URL); optional for Grafana. */
  slug?: string;
  panelId: number;
  from?: GrafanaTime;
  to?: GrafanaTime;
  /** Dashboard variables, sent as `var-<name>=<value>` (arrays repeat). */
  variables?: Record<string, string | string[]>;
  theme?: 'light' | 'dark';
  /** e.g. `browser`, `utc`, `Europe/Berlin`. */
  timezone?: string;
}

export interface GrafanaPanelImage extends GrafanaPanelRef {
  /** Pixels; default 1000 x 500 like Grafana's share dialog. */
  width?: number;
  height?: number;
}

/** Filter of alert rules: every label given must be on the rule. */
export interface AlertRuleFilter {
  labels?: Record<string, string>;
}

/** One alerting rule with where it lives and what it is doing now. */
export interface GrafanaAlertRuleStatus {
  uid?: string;
  name: string;
  /** Folder title. */
  folder: string;
  group: string;
  state: GrafanaRuleState;
  /** `ok`, `error` or `nodata`. */
  health: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Since when the rule is pending or firing; absent while inactive. */
  activeAt?: string;
  /** The rule's `for`: how long it stays pending before firing. */
  forSeconds?: number;
  lastEvaluation: string;
  query: string;
  alerts: GrafanaAlertInstance[];
}

/**
 * One Grafana instance: dashboards by tag, Grafana-managed alert rules with
 * their state, and URLs of panels to embed or render.
 */
export class GrafanaClient {
  private readonly http: HttpTransport;
  private readonly publicUrl: string;
  private readonly orgId: number;

  constructor(options: GrafanaClientOptions) {
    this.http = new HttpTransport({
      ...options,
      system: 'grafana',
      headers: { authorization: `Bearer ${options.token}` },
      errorMessageOf: grafanaErrorMessage,
    });
    this.publicUrl = (options.publicUrl ?? options.baseUrl).replace(/\/+$/, '');
    this.orgId = options.orgId ?? 1;
  }

  /** Dashboards (not folders) by tags and/or title, sorted by title. */
  async searchDashboards(
    search: DashboardSearch,
    options?: RequestOptions,
  ): Promise<GrafanaSearchHit[]> {
    return this.http.getJson<GrafanaSearchHit[]>(
      '/api/search',
      {
        type: 'dash-db',
        tag: search.tags ?? [],
        query: search.query || undefined,
        limit: search.limit ?? 100,
        page: search.page,
      },
      options,
    );
  }

  /** A dashboard with its panels; an `UpstreamError` of kind `not-found` when there is none. */
  async getDashboard(
    uid: string,
    options?: RequestOptions,
  ): Promise<GrafanaDashboardResponse> {
    return this.http.getJson<GrafanaDashboardResponse>(
      `/api/dashboards/uid/${encodeURIComponent(uid)}`,
      undefined,
      options,
    );
  }

  /**
   * Grafana-managed alerting rules with their current state, from the
   * Prometheus-compatible rules API (the provisioning API has no state).
   * Grafana's `matcher` parameter filters alert instances, not rules, so the
   * label filter is applied here.
   */
  async listAlertRules(
    filter: AlertRuleFilter = {},
    options?: RequestOptions,
  ): Promise<GrafanaAlertRuleStatus[]> {
    const response = await this.http.getJson<GrafanaRulesResponse>(
      '/api/prometheus/grafana/api/v1/rules',
      undefined,
      options,
    );
    if (
      response.status !== 'success' ||
      !Array.isArray(response.data?.groups)
    ) {
      throw new UpstreamError({
        system: 'grafana',
        kind: 'invalid-response',
        operation: 'GET /api/prometheus/grafana/api/v1/rules',
        upstreamMessage: response.error ?? 'no rule groups in the answer',
        body: response,
      });
    }
    const wanted = Object.entries(filter.labels ?? {});
    return response.data.groups.flatMap(group =>
      group.rules
        .filter(rule => rule.type === 'alerting')
        .filter(rule => wanted.every(([k, v]) => rule.labels?.[k] === v))
        .map(rule => {
          const alerts = rule.alerts ?? [];
          return {
            uid: rule.uid,
            name: rule.name,
            folder: group.file,
            group: group.name,
            state: rule.state ?? 'inactive',
            health: rule.health,
            labels: rule.labels ?? {},
            annotations: rule.annotations ?? {},
            activeAt: rule.activeAt ?? earliestActiveAt(alerts),
            forSeconds: rule.duration,
            lastEvaluation: rule.lastEvaluation,
            query: rule.query,
            alerts,
          };
        }),
    );
  }

  /** The browser URL of a search hit or a dashboard `meta.url`. */
  dashboardUrl(url: string): string {
    // Grafana's urls are absolute paths that already carry its sub-path.
    return new URL(url, `${this.publicUrl}/`).toString();
  }

  /** The browser URL of an alert rule's page. */
  alertRuleUrl(uid: string): string {
    return `${this.publicUrl}/alerting/grafana/${encodeURIComponent(uid)}/view`;
  }

  /** An iframe URL of one panel (`/d-solo/...`); Grafana needs `allow_embedding`. */
  panelEmbedUrl(panel: GrafanaPanelRef): string {
    const query = toSearchParams(this.panelQuery(panel));
    return `${this.publicUrl}${panelPath('/d-solo', panel)}?${query}`;
  }

  /**
   * The PNG URL of one panel (`/render/d-solo/...`, needs the image renderer).
   * It points at `baseUrl` and needs the token: fetch it with {@link renderPanel}.
   */
  panelImageUrl(panel: GrafanaPanelImage): string {
    return this.http.url(
      panelPath('/render/d-solo', panel),
      this.imageQuery(panel),
    );
  }

  /** Renders one panel to PNG with the service-account token. */
  async renderPanel(
    panel: GrafanaPanelImage,
    options?: RequestOptions,
  ): Promise<{ contentType: string; body: Uint8Array }> {
    return this.http.getBytes(
      panelPath('/render/d-solo', panel),
      this.imageQuery(panel),
      options,
    );
  }

  private panelQuery(panel: GrafanaPanelRef): QueryParams {
    const variables = Object.entries(panel.variables ?? {}).map(
      ([name, value]) => [
        `var-${name}`,
        Array.isArray(value) ? value : [value],
      ],
    );
    return {
      orgId: this.orgId,
      panelId: panel.panelId,
      from: panel.from === undefined ? undefined : grafanaTime(panel.from),
      to: panel.to === undefined ? undefined : grafanaTime(panel.to),
      ...Object.fromEntries(variables),
      theme: panel.theme,
      timezone: panel.timezone,
    };
  }

  private imageQuery(panel: GrafanaPanelImage): QueryParams {
    return {
      ...this.panelQuery(panel),
      width: panel.width ?? 1000,
      height: panel.height ?? 500,
    };
  }
}

function panelPath(prefix: string, panel: GrafanaPanelRef): string {
  const uid = encodeURIComponent(panel.dashboardUid);
  return panel.slug
    ? `${prefix}/${uid}/${encodeURIComponent(panel.slug)}`
    : `${prefix}/${uid}`;
}

function grafanaTime(time: GrafanaTime): string {
  if (time instanceof Date) {
    return String(time.getTime());
  }
  return String(time);
}

function earliestActiveAt(alerts: GrafanaAlertInstance[]): string | undefined {
  // States may carry a reason suffix: `Alerting (NoData)`.
  const active = alerts
    .filter(a => /^(Alerting|Pending)\b/.test(a.state) && a.activeAt)
    .map(a => a.activeAt as string)
    .sort();
  return active[0];
}

function grafanaErrorMessage(body: unknown): string | undefined {
  if (body && typeof body === 'object') {
    const { message, error } = body as { message?: unknown; error?: unknown };
    if (typeof message === 'string' && message) {
      return message;
    }
    if (typeof error === 'string' && error) {
      return error;
    }
  }
  return undefined;
}
