import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  GrafanaClient,
  JaegerClient,
  LogSearchClient,
  PrometheusClient,
} from '@internal/plugin-observability-node';
import { readObservabilityConfig } from './config';
import { createObservabilityActions } from './actions/createObservabilityActions';
import { createRouter, RouterOptions } from './router';
import { AlertService } from './service/AlertService';
import { DashboardService } from './service/DashboardService';
import { EntityLoader } from './service/EntityLoader';
import { LogLinks } from './service/LogLinks';
import { LogService, LogSource } from './service/LogService';
import { SignalCache } from './service/SignalCache';
import { SliService } from './service/SliService';
import { TraceService } from './service/TraceService';

/**
 * The observability backend: Grafana dashboards and alerts, Jaeger traces,
 * Prometheus SLIs and log links of catalog entities. Tokens stay here.
 */
export const observabilityPlugin = createBackendPlugin({
  pluginId: 'observability',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        cache: coreServices.cache,
        catalog: catalogServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init({
        config,
        logger,
        httpRouter,
        httpAuth,
        cache,
        catalog,
        actionsRegistry,
      }) {
        const settings = readObservabilityConfig(config);
        const http = { timeoutMs: settings.timeoutMs };
        const signalCache = new SignalCache(cache, settings.cacheTtlMs);
        const bearer = (token?: string) =>
          token ? { authorization: `Bearer ${token}` } : undefined;

        const grafana = settings.grafana.map(instance => ({
          name: instance.name,
          client: new GrafanaClient({
            ...http,
            baseUrl: instance.baseUrl,
            publicUrl: instance.domain,
            token: instance.token,
            orgId: instance.orgId,
          }),
        }));
        const jaeger =
          settings.jaeger &&
          new JaegerClient({
            ...http,
            baseUrl: settings.jaeger.baseUrl,
            publicUrl: settings.jaeger.uiUrl,
            headers: bearer(settings.jaeger.token),
          });
        const prometheus = Object.fromEntries(
          Object.entries(settings.prometheus).map(([environment, p]) => [
            environment,
            new PrometheusClient({
              ...http,
              baseUrl: p.baseUrl,
              headers: bearer(p.token),
            }),
          ]),
        );
        const logs = new LogLinks(settings.logs);
        const logSources: Record<string, LogSource> = {};
        for (const [environment, es] of Object.entries(
          settings.elasticsearch?.environments ?? {},
        )) {
          logSources[environment] = {
            client: new LogSearchClient({
              baseUrl: es.baseUrl,
              apiKey: es.apiKey,
              username: es.username,
              password: es.password,
              timeoutMs: settings.timeoutMs,
            }),
            index: es.index,
            dataViewId: es.dataViewId,
          };
        }
        const logSearch = new LogService(
          logSources,
          settings.elasticsearch?.kibanaUrl,
        );
        logger.info(
          `Observability: ${grafana.length} Grafana instance(s), Jaeger ${
            jaeger ? 'on' : 'off'
          }, Prometheus for ${
            Object.keys(prometheus).join(', ') || 'none'
          }, log search for ${logSearch.environments.join(', ') || 'none'}`,
        );

        const services: RouterOptions = {
          httpAuth,
          entities: new EntityLoader(catalog),
          dashboards: new DashboardService(grafana, signalCache),
          alerts: new AlertService(grafana, signalCache),
          traces: new TraceService(jaeger, logs, signalCache),
          slis: new SliService(prometheus, signalCache),
          logs,
          logSearch,
          environments: settings.environments,
        };
        httpRouter.use(createRouter(services));
        createObservabilityActions({ registry: actionsRegistry, ...services });
      },
    });
  },
});
