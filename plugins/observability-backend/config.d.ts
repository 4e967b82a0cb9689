export interface Config {
  /** The observability plugin: Grafana, Jaeger, Prometheus and log links of catalog entities. */
  observability?: {
    /**
     * Environments the SLI and log cards show, in promotion order; the
     * `environment` label of the SLI series. Default dev, staging, prod.
     * @visibility frontend
     */
    environments?: string[];
    /** How long upstream answers are cached, in seconds. Default 30. */
    cacheTtlSeconds?: number;
    /** Limit of each upstream call, in milliseconds. Default 5000. */
    timeoutMs?: number;
    grafana?: {
      /** One or more Grafana instances; each is searched for the entity's dashboards and alerts. */
      instances: Array<{
        /** A short name shown on the cards, e.g. `default`, `eu`. */
        name: string;
        /** Where the backend reaches Grafana's API, e.g. `http://grafana.monitoring:3000`. */
        baseUrl: string;
        /**
         * Where browsers reach Grafana, for deep links and embeds; default `baseUrl`.
         */
        domain?: string;
        /**
         * A service-account token (Viewer is enough). Never sent to the browser.
         * @visibility secret
         */
        token: string;
        /** Organisation id of the dashboards; default 1. */
        orgId?: number;
      }>;
    };
    jaeger?: {
      /** Jaeger's query service (v3 API), e.g. `http://jaeger-query.tracing:16686`. */
      baseUrl: string;
      /** Where browsers reach the Jaeger UI; default `baseUrl`. */
      uiUrl?: string;
      /**
       * Bearer token of a proxy in front of Jaeger, if any.
       * @visibility secret
       */
      token?: string;
    };
    prometheus?: {
      /** The Prometheus API root for every environment without its own. */
      baseUrl?: string;
      /**
       * Bearer token of a managed Prometheus or a proxy.
       * @visibility secret
       */
      token?: string;
      /** Per-environment Prometheus, when each cluster has its own. */
      environments?: {
        [environment: string]: {
          baseUrl: string;
          /** @visibility secret */
          token?: string;
        };
      };
    };
    /**
     * Elasticsearch with the services' logs (ECS fields as Fluent Bit ships
     * them), searched by the Logs card with these server-side credentials.
     */
    elasticsearch?: {
      /** Elasticsearch's URL for every environment without its own, e.g. `https://logs-es.acme.example:9200`. */
      baseUrl?: string;
      /**
       * An API key (the base64 `id:api_key` Elasticsearch returns as `encoded`), read-only on the log indices.
       * @visibility secret
       */
      apiKey?: string;
      /** A user, when there is no API key. */
      username?: string;
      /** @visibility secret */
      password?: string;
      /**
       * The indices of an environment's logs; `{environment}` is replaced.
       * Default `logs-{environment}-*`.
       */
      indexPattern?: string;
      /**
       * Kibana's URL for "open in Kibana" deep links (Discover with the same
       * query and time range), e.g. `https://kibana.acme.example`.
       */
      kibanaUrl?: string;
      /** The Kibana data view of the log indices; `{environment}` is replaced. */
      dataViewId?: string;
      /** Per environment, when environments have their own cluster, credentials or indices. */
      environments?: {
        [environment: string]: {
          baseUrl?: string;
          /** @visibility secret */
          apiKey?: string;
          username?: string;
          /** @visibility secret */
          password?: string;
          indexPattern?: string;
          dataViewId?: string;
        };
      };
    };
    logs?: {
      /**
       * Kibana / OpenSearch Dashboards Discover URL with placeholders
       * `{service}`, `{environment}`, `{from}`, `{to}` (ISO times) and
       * `{query}` (KQL, URL-encoded), e.g.
       * `https://logs.example.com/app/discover#/?_g=(time:(from:'{from}',to:'{to}'))&_a=(query:(language:kuery,query:'{query}'))`.
       */
      discoverUrl: string;
      /** The log field of the service name. Default `service.name`. */
      serviceField?: string;
      /** The log field of the environment. Default `deployment.environment.name`. */
      environmentField?: string;
      /** The log field of the trace id. Default `trace.id`. */
      traceIdField?: string;
    };
  };
}
