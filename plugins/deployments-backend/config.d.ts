export interface Config {
  /** The deployments plugin (`@internal/plugin-deployments-backend`). */
  deployments?: {
    argocd: {
      // `instances`: declared once, by @internal/plugin-deployments-node
      // (its config.d.ts), which reads them for every plugin.
      /**
       * Keep each instance's applications in memory, current through Argo
       * CD's watch stream (`/api/v1/stream/applications`) after one list;
       * true by default. False: one list per `cacheTtlSeconds`, as also
       * while the stream is down.
       */
      watch?: boolean;
      /**
       * A full list this often even while the stream runs, for changes a
       * resumed stream cannot replay (Argo CD does not); 600 by default, 0
       * never.
       */
      resyncSeconds?: number;
    };
    /**
     * Environments whose actions need the `.production` permissions
     * (see the portal policy's `permission.portal.production`).
     * @deprecated Set `production: true` on the top-level `environments`
     * entries instead (`@internal/environments`); when set, this still wins.
     */
    productionEnvironments?: string[];
    /**
     * How long one list of an instance's applications is reused when the
     * watch stream is off or down; 10 s by default.
     */
    cacheTtlSeconds?: number;
    /**
     * Promotion of a build to the next environment (a commit on the service
     * repository) and its gates. Without Prometheus or Grafana, the gates
     * that need them cannot be evaluated and block (admins may override).
     */
    promotion?: {
      /** The availability objective the burn rate is measured against; 0.995 by default. */
      slo?: number;
      /**
       * Environments a promotion reaches through a pull request on the
       * service repository instead of a commit on its tracked branch: the
       * entity's owners open it, who holds the environment's promote
       * permission merges it from the portal (gates evaluated again then).
       * The production environments by default; `[]` commits everywhere.
       */
      pullRequestEnvironments?: string[];
      /** Burn rate (on both the 1h and the 5m window) at which the gate fails; 14.4 by default. */
      burnRateThreshold?: number;
      /** Where the SLI series are (the `http_server_request_duration_seconds` histogram). */
      prometheus?: {
        /** The Prometheus of every environment without its own. */
        baseUrl?: string;
        /** @visibility secret */
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
      /** Grafana whose alert rules must not fire in the source environment. */
      grafana?: {
        baseUrl: string;
        /** @visibility secret */
        token: string;
      };
    };
    /**
     * Platform config for services that existed before the portal (adopted):
     * their Argo CD objects are bound to the entity when first seen without
     * a binding. An annotation alone never binds anything; objects bound
     * already (to anyone) are left alone.
     */
    adopt?: Array<{
      /** The full entity ref, e.g. `component:default/payments-api`. */
      entity: string;
      /** Applications whose labels match, e.g. `app.kubernetes.io/name=payments-api`. */
      selector: string;
      /** AppProject names to bind too, in every instance that has them. */
      projects?: string[];
    }>;
  };
}
