export interface Config {
  /**
   * Argo CD, as every plugin reads it (`readArgoCDInstancesConfig`): the
   * deployments backend, the scaffolder actions and provisioning's sync
   * releaser. The deployments backend declares its other keys.
   */
  deployments?: {
    argocd: {
      /** The Argo CD instances; each deploys to some of the environments. */
      instances: Array<{
        /** A name for logs, audit records and the "unavailable" message, e.g. `argocd-eu`. */
        name: string;
        /** The Argo CD server, without `/api/v1`. */
        baseUrl: string;
        /**
         * The address of Argo CD's web UI for deep links; `baseUrl` by default.
         * @visibility frontend
         */
        webUrl?: string;
        /**
         * An API token of an Argo CD account allowed to get, sync, override
         * (rollback), update (auto-sync) and run actions on the applications,
         * and, for the scaffolder's `argocd:create-applications`, to create
         * applications and projects.
         * @visibility secret
         */
        token: string;
        /**
         * The environments this instance deploys to, in promotion order. An
         * application's environment is its `environment` label, else its
         * destination cluster's name.
         */
        environments: string[];
        /**
         * A label selector for the single list call per refresh, e.g.
         * `app.kubernetes.io/name` (only apps that carry the label).
         */
        selector?: string;
        /** Per-request timeout in milliseconds; 10000 by default. */
        timeoutMs?: number;
      }>;
    };
  };
}
