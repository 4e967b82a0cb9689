/*
 * The portal's backend: Backstage's own plugins plus ours. Which external
 * systems it talks to (the sandbox or the real ones) is configuration only.
 */
import { createBackend } from '@backstage/backend-defaults';
import { activityAuditorServiceFactory } from '@internal/plugin-activity-backend';
import { catalogModuleOwnLocations } from './modules/catalogModuleOwnLocations';
import { rootHttpRouterWithoutSourceMaps } from './sourceMaps';

const backend = createBackend();

// The app's source maps are not served (curl /static/*.js.map is a 404).
backend.add(rootHttpRouterWithoutSourceMaps);

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// scaffolder
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
// argocd:create-applications, github:repo:resolve, catalog:service-name:check
backend.add(import('@internal/plugin-scaffolder-backend-module-deployments'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);

// techdocs
backend.add(import('@backstage/plugin-techdocs-backend'));

// auth: OpenID Connect against the company IdP (the sandbox's IdP by default);
// users are resolved to catalog User entities by the resolvers in config.
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-oidc-provider'));

// catalog
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
// users may unregister locations whose entities are all theirs
backend.add(catalogModuleOwnLocations);

// permissions: our policy (readers read, owners act, platform admins do everything)
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('@internal/plugin-permission-backend-module-portal-policy'));

// provisioning: Terraform Cloud runs for the service tiers, with approvals
backend.add(import('@internal/plugin-provisioning-backend'));
backend.add(import('@internal/plugin-scaffolder-backend-module-provisioning'));
// ... and the AWS CloudFormation engine, when provisioning.cloudformation is set
backend.add(
  import('@internal/plugin-provisioning-backend-module-cloudformation'),
);

// deployments: Argo CD applications and Rollouts joined to the catalog, rollback
backend.add(import('@internal/plugin-deployments-backend'));

// paved road: template drift of every service, upgrade pull requests
backend.add(import('@internal/plugin-paved-road-backend'));

// search
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@backstage/plugin-search-backend-module-techdocs'));

// kubernetes
backend.add(import('@backstage/plugin-kubernetes-backend'));

// observability: Grafana, Jaeger and Prometheus of each entity (tokens stay here)
backend.add(import('@internal/plugin-observability-backend'));

// activity: Backstage's auditor, whose events of our plugins (activity.plugins)
// are also stored and shown (Activity tab, admin page)
backend.add(activityAuditorServiceFactory);
backend.add(import('@internal/plugin-activity-backend'));

backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));
// the event bus on PostgreSQL: catalog events and signals reach every replica
backend.add(import('@backstage/plugin-events-backend'));
backend.add(import('@backstage/plugin-mcp-actions-backend'));

backend.start();
