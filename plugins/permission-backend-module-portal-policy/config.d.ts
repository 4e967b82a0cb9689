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
    };
  };
}
