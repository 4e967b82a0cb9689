import {
  AuditorService,
  AuthService,
  CacheService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ArgoCDInstances } from './ArgoCDInstances';
import { DeploymentActions } from './DeploymentActions';
import { readDeploymentsConfig } from './DeploymentsConfig';
import { DeploymentsJoin } from './DeploymentsJoin';
import { EntityDeployments } from './EntityDeployments';
import { EntityIndex } from './EntityIndex';

/** Wires the plugin's services; the plugin and the tests share this. */
export function createDeployments(deps: {
  config: Config;
  logger: LoggerService;
  cache: CacheService;
  auth: AuthService;
  catalog: CatalogService;
  permissions: PermissionsService;
  auditor: AuditorService;
  /** For tests: the fetch the Argo CD clients use. */
  fetch?: typeof fetch;
}) {
  const config = readDeploymentsConfig(deps.config);
  const instances = ArgoCDInstances.create({
    config,
    cache: deps.cache,
    logger: deps.logger,
    fetch: deps.fetch,
  });
  const index = new EntityIndex({
    catalog: deps.catalog,
    auth: deps.auth,
    cache: deps.cache,
    logger: deps.logger,
    ttlMs: config.cacheTtlMs,
  });
  const join = new DeploymentsJoin(instances, index);
  const entities = new EntityDeployments({
    instances,
    join,
    cache: deps.cache,
    logger: deps.logger,
  });
  const actions = new DeploymentActions({
    instances,
    entities,
    permissions: deps.permissions,
    auditor: deps.auditor,
  });
  return { config, instances, join, entities, actions };
}
