export interface Config {
  /**
   * The Argo CD instances, as the deployments plugin
   * (`@internal/plugin-deployments-backend`) declares them; the
   * `argocd:create-applications` action creates each Application in the
   * instance that deploys to its destination cluster.
   */
  deployments?: {
    argocd: {
      instances: Array<{
        /** e.g. `argocd`. */
        name: string;
        /** The Argo CD server, without `/api/v1`. */
        baseUrl: string;
        /**
         * The address of Argo CD's web UI for links; `baseUrl` by default.
         * @visibility frontend
         */
        webUrl?: string;
        /**
         * An API token of an Argo CD account allowed to create and update
         * applications and projects.
         * @visibility secret
         */
        token: string;
        /** The environments (destination cluster names) this instance deploys to. */
        environments: string[];
        /** Per-request timeout in milliseconds; 10000 by default. */
        timeoutMs?: number;
      }>;
    };
  };
}
