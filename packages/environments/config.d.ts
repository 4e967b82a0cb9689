export interface Config {
  /**
   * The portal's environments, in promotion order (a build goes from the
   * first to the last). Every plugin reads this one list: deployments,
   * provisioning, observability, the templates' defaults and the UI. When
   * absent: dev, staging, prod, with prod the production one.
   * @visibility frontend
   */
  environments?: Array<{
    /**
     * The environment's name, as it appears in workspace, application and
     * index names (`payments-api-prod`).
     * @visibility frontend
     */
    name: string;
    /**
     * Actions in a production environment need the `.production`
     * permissions (see the portal policy's `permission.portal.production`),
     * and their notifications are of high severity. False by default.
     * @visibility frontend
     */
    production?: boolean;
  }>;
}
