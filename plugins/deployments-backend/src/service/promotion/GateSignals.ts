import { Entity } from '@backstage/catalog-model';
import {
  GRAFANA_ALERT_LABEL_SELECTOR,
  JAEGER_SERVICE,
  PROMETHEUS_SERVICE,
} from '@internal/plugin-observability-common';
import {
  errorRatioQuery,
  GrafanaClient,
  parseSampleValue,
  PrometheusClient,
} from '@internal/plugin-observability-node';
import { PromotionConfig } from '../DeploymentsConfig';
import { WindowRatio } from './gates';

/** The burn-rate windows of the SRE workbook's fastest page. */
export const BURN_RATE_WINDOWS = ['1h', '5m'];

const message = (error: unknown) =>
  error instanceof Error ? error.message : String(error);

/** The `service` label of the entity's SLI series, as the Observability tab finds it. */
export function prometheusServiceOf(entity: Entity): string {
  const annotations = entity.metadata.annotations ?? {};
  return (
    annotations[PROMETHEUS_SERVICE] ??
    annotations[JAEGER_SERVICE] ??
    entity.metadata.name
  );
}

/**
 * What the gates measure outside Argo CD, through the observability
 * plugin's clients: error ratios from Prometheus and alert rules from
 * Grafana. Nothing configured, or an upstream that fails, is an answer
 * (`ok: false` with the reason), which makes the gate block.
 */
export class GateSignals {
  private readonly prometheus = new Map<string, PrometheusClient>();
  private readonly defaultPrometheus?: PrometheusClient;
  private readonly grafana?: GrafanaClient;

  constructor(
    config: Omit<PromotionConfig, 'pullRequestEnvironments'>,
    options: { fetch?: typeof fetch } = {},
  ) {
    const http = { timeoutMs: 5000, fetch: options.fetch };
    const client = (p: { baseUrl: string; token?: string }) =>
      new PrometheusClient({
        ...http,
        baseUrl: p.baseUrl,
        headers: p.token ? { authorization: `Bearer ${p.token}` } : undefined,
      });
    const { baseUrl, token, environments } = config.prometheus;
    this.defaultPrometheus = baseUrl ? client({ baseUrl, token }) : undefined;
    for (const [env, p] of Object.entries(environments)) {
      this.prometheus.set(env, client(p));
    }
    this.grafana =
      config.grafana &&
      new GrafanaClient({
        ...http,
        baseUrl: config.grafana.baseUrl,
        token: config.grafana.token,
      });
  }

  /** The error ratio of every burn-rate window, now. */
  async errorRatios(
    entity: Entity,
    environment: string,
  ): Promise<WindowRatio[]> {
    const client = this.prometheus.get(environment) ?? this.defaultPrometheus;
    const service = prometheusServiceOf(entity);
    return Promise.all(
      BURN_RATE_WINDOWS.map(async (window): Promise<WindowRatio> => {
        if (!client) {
          return {
            window,
            ok: false,
            error: `no Prometheus configured for ${environment} (deployments.promotion.prometheus)`,
          };
        }
        try {
          const data = await client.query(
            errorRatioQuery({ service, environment, window }),
          );
          if (data.resultType !== 'vector') {
            return {
              window,
              ok: false,
              error: `Prometheus answered a ${data.resultType}`,
            };
          }
          const value = data.result[0]?.value?.[1];
          const ratio = value === undefined ? NaN : parseSampleValue(value);
          // No series, or 0/0: no traffic in the window.
          return {
            window,
            ok: true,
            errorRatio: Number.isFinite(ratio) ? ratio : undefined,
          };
        } catch (error) {
          return { window, ok: false, error: `Prometheus: ${message(error)}` };
        }
      }),
    );
  }

  /** The entity's alert rules that fire in the environment. */
  async firingAlerts(
    entity: Entity,
    environment: string,
  ): Promise<
    | { ok: true; firing: Array<{ name: string; since?: string }> }
    | { ok: false; error: string }
  > {
    const selector =
      entity.metadata.annotations?.[GRAFANA_ALERT_LABEL_SELECTOR];
    if (!selector) {
      return {
        ok: false,
        error: `the entity has no ${GRAFANA_ALERT_LABEL_SELECTOR} annotation, so its alerts are unknown`,
      };
    }
    if (!this.grafana) {
      return {
        ok: false,
        error: 'no Grafana configured (deployments.promotion.grafana)',
      };
    }
    const labels: Record<string, string> = {};
    for (const term of selector.split(',')) {
      const [key, value] = term.split('=').map(s => s.trim());
      if (key && value !== undefined) labels[key] = value;
    }
    try {
      const rules = await this.grafana.listAlertRules({
        labels: { ...labels, environment },
      });
      return {
        ok: true,
        firing: rules
          .filter(r => r.state === 'firing')
          .map(r => ({ name: r.name, since: r.activeAt })),
      };
    } catch (error) {
      return { ok: false, error: `Grafana: ${message(error)}` };
    }
  }
}
