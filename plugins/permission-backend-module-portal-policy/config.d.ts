export interface Config {
  permission?: {
    /**
     * Settings of the portal permission policy
     * (@internal/plugin-permission-backend-module-portal-policy).
     */
    portal?: {
      /**
       * Entity refs of the groups whose members may do everything in the
       * portal. A short name such as `platform-admins` means
       * `group:default/platform-admins`.
       *
       * Defaults to `['group:default/platform-admins']`.
       */
      adminGroups?: string[];
      /**
       * Actions on production. The permissions named here are allowed only for
       * members of `allowedGroups` (and admins) and denied for everyone else,
       * whatever else the policy would have said about them.
       */
      production?: {
        /**
         * Names of the production-only permissions, for example
         * `deployments.rollback.production`. Defaults to none.
         */
        permissions?: string[];
        /**
         * Entity refs of the groups that may perform the production-only
         * permissions. Defaults to `['group:default/sre']`.
         */
        allowedGroups?: string[];
      };
      /**
       * The Kubernetes backend's proxy (`kubernetes.proxy`), which forwards
       * any verb to the clusters with the portal's credentials.
       */
      kubernetesProxy?: {
        /**
         * Entity refs of the groups that may use it besides the admins.
         * Defaults to none.
         */
        allowedGroups?: string[];
      };
      /**
       * The template editor's dry-run (`scaffolder.template.dry-run`), which
       * executes any template text.
       */
      templateDryRun?: {
        /**
         * Entity refs of the groups that may dry-run templates besides the
         * admins. Defaults to
         * `['group:default/platform-admins', 'group:default/platform']`.
         */
        allowedGroups?: string[];
      };
    };
  };
}
