import { defaultEnvironments, readEnvironments } from '@internal/environments';
import { Config } from '@backstage/config';

export interface GrafanaInstanceConfig {
  name: string;
  baseUrl: string;
  domain?: string;
  token: string;
  orgId?: number;
}

export interface LogsConfig {
  discoverUrl: string;
  serviceField: string;
  environmentField: string;
  traceIdField: string;
}

/** Where and how one environment's logs are searched. */
export interface ElasticsearchEnvironmentConfig {
  baseUrl: string;
  apiKey?: string;
  username?: string;
  password?: string;
  /** e.g. `logs-prod-*`. */
  index: string;
  dataViewId?: string;
}

export interface ElasticsearchConfig {
  /** Environments without a baseUrl have no log search. */
  environments: Record<string, ElasticsearchEnvironmentConfig>;
  kibanaUrl?: string;
}

/** `observability.*` of app-config, with defaults applied. */
export interface ObservabilityConfig {
  environments: string[];
  cacheTtlMs: number;
  timeoutMs: number;
  grafana: GrafanaInstanceConfig[];
  jaeger?: { baseUrl: string; uiUrl?: string; token?: string };
  /** Prometheus per environment; an environment without one has no SLIs. */
  prometheus: Record<string, { baseUrl: string; token?: string }>;
  logs?: LogsConfig;
  elasticsearch?: ElasticsearchConfig;
}

/** The portal's environments (`@internal/environments`), when `observability.environments` is not set. */
export const DEFAULT_ENVIRONMENTS = defaultEnvironments.names();

export function readObservabilityConfig(root: Config): ObservabilityConfig {
  const config = root.getOptionalConfig('observability');
  const environments =
    config?.getOptionalStringArray('environments') ??
    readEnvironments(root).names();

  const grafana = (
    config?.getOptionalConfigArray('grafana.instances') ?? []
  ).map(instance => ({
    name: instance.getString('name'),
    baseUrl: instance.getString('baseUrl'),
    domain: instance.getOptionalString('domain'),
    token: instance.getString('token'),
    orgId: instance.getOptionalNumber('orgId'),
  }));

  const jaegerConfig = config?.getOptionalConfig('jaeger');
  const jaeger = jaegerConfig && {
    baseUrl: jaegerConfig.getString('baseUrl'),
    uiUrl: jaegerConfig.getOptionalString('uiUrl'),
    token: jaegerConfig.getOptionalString('token'),
  };

  const promConfig = config?.getOptionalConfig('prometheus');
  const prometheus: ObservabilityConfig['prometheus'] = {};
  for (const environment of environments) {
    const own = promConfig?.getOptionalConfig(`environments.${environment}`);
    const baseUrl =
      own?.getString('baseUrl') ?? promConfig?.getOptionalString('baseUrl');
    if (baseUrl) {
      prometheus[environment] = {
        baseUrl,
        token: own
          ? own.getOptionalString('token')
          : promConfig?.getOptionalString('token'),
      };
    }
  }

  const logsConfig = config?.getOptionalConfig('logs');
  const logs = logsConfig && {
    discoverUrl: logsConfig.getString('discoverUrl'),
    serviceField:
      logsConfig.getOptionalString('serviceField') ?? 'service.name',
    environmentField:
      logsConfig.getOptionalString('environmentField') ??
      'deployment.environment.name',
    traceIdField: logsConfig.getOptionalString('traceIdField') ?? 'trace.id',
  };

  return {
    elasticsearch: readElasticsearch(config, environments),
    environments,
    cacheTtlMs: (config?.getOptionalNumber('cacheTtlSeconds') ?? 30) * 1000,
    timeoutMs: config?.getOptionalNumber('timeoutMs') ?? 5000,
    grafana,
    jaeger,
    prometheus,
    logs,
  };
}

function readElasticsearch(
  config: Config | undefined,
  environments: string[],
): ElasticsearchConfig | undefined {
  const es = config?.getOptionalConfig('elasticsearch');
  if (!es) {
    return undefined;
  }
  const byEnvironment: ElasticsearchConfig['environments'] = {};
  for (const environment of environments) {
    const own = es.getOptionalConfig(`environments.${environment}`);
    const pick = (key: string) =>
      own?.getOptionalString(key) ?? es.getOptionalString(key);
    const baseUrl = pick('baseUrl');
    if (!baseUrl) {
      continue;
    }
    // Credentials go together: an environment's own user or key replaces both.
    const ownAuth = own?.has('apiKey') || own?.has('username');
    const auth = ownAuth ? own! : es;
    const fill = (value: string | undefined) =>
      value?.replace(/\{environment\}/g, environment);
    byEnvironment[environment] = {
      baseUrl,
      apiKey: auth.getOptionalString('apiKey'),
      username: auth.getOptionalString('username'),
      password: auth.getOptionalString('password'),
      index: fill(pick('indexPattern') ?? 'logs-{environment}-*')!,
      dataViewId: fill(pick('dataViewId')),
    };
  }
  return {
    environments: byEnvironment,
    kibanaUrl: es.getOptionalString('kibanaUrl'),
  };
}
