import {
  AuditorService,
  AuthService,
  CacheService,
  DatabaseService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { BindingStore } from '../database/BindingStore';
import { ApplicationCreator } from './ApplicationCreator';
import { ArgoCDInstances } from './ArgoCDInstances';
import { BindingClaims } from './BindingClaims';
import { BindingIndex } from './BindingIndex';
import { DeploymentActions } from './DeploymentActions';
import { readDeploymentsConfig } from './DeploymentsConfig';
import { DeploymentsJoin } from './DeploymentsJoin';
import { EntityDeployments } from './EntityDeployments';
import { EntityIndex } from './EntityIndex';
import {
  GitHubPullRequests,
  GitHubWriter,
} from '@internal/plugin-deployments-node';
import { ArgoLaneReader } from './promotion/ArgoLaneReader';
import { GateSignals } from './promotion/GateSignals';
import { PromotionService } from './promotion/PromotionService';
import { ReleaseStore } from '../database/ReleaseStore';
import { ReleaseRecorder } from './dora/ReleaseRecorder';
import { DoraService } from './dora/DoraService';
import { DeploymentNotifier } from './notify/DeploymentNotifier';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { SignalsService } from '@backstage/plugin-signals-node';

/** Wires the plugin's services; the plugin and the tests share this. */
export async function createDeployments(deps: {
  config: Config;
  database: DatabaseService;
  logger: LoggerService;
  cache: CacheService;
  auth: AuthService;
  catalog: CatalogService;
  permissions: PermissionsService;
  auditor: AuditorService;
  /** For tests: the fetch the Argo CD clients use. */
  fetch?: typeof fetch;
  /** For tests: the fetch of the gates' Prometheus and Grafana clients. */
  signalsFetch?: typeof fetch;
  /** For tests: the writer of the service repositories. */
  writer?: GitHubWriter;
  /** For tests: the pull requests of the service repositories. */
  pulls?: GitHubPullRequests;
  /** Backstage notifications (owners, allowed groups); absent: nobody is notified. */
  notifications?: NotificationService;
  /** Backstage signals (open tabs read again); absent: the tabs poll. */
  signals?: SignalsService;
}) {
  const config = readDeploymentsConfig(deps.config);
  const instances = ArgoCDInstances.create({
    config,
    logger: deps.logger,
    fetch: deps.fetch,
  });
  const bindings = new BindingIndex({
    store: await BindingStore.create({ database: deps.database }),
    logger: deps.logger,
    ttlMs: config.cacheTtlMs,
  });
  const index = new EntityIndex({
    catalog: deps.catalog,
    auth: deps.auth,
    cache: deps.cache,
    logger: deps.logger,
    ttlMs: config.cacheTtlMs,
    bindings,
  });
  const join = new DeploymentsJoin(instances, index, bindings, {
    adopt: config.adopt,
    logger: deps.logger,
  });
  const entities = new EntityDeployments({
    instances,
    join,
    cache: deps.cache,
    logger: deps.logger,
  });

  const services = {
    instances,
    bindings,
    join,
    catalog: deps.catalog,
    auth: deps.auth,
    permissions: deps.permissions,
    auditor: deps.auditor,
  };
  const notifier = new DeploymentNotifier({
    notifications: deps.notifications,
    signals: deps.signals,
    logger: deps.logger,
  });
  const releaseStore = await ReleaseStore.create({ database: deps.database });
  const recorder = new ReleaseRecorder({
    store: releaseStore,
    entities,
    join,
    logger: deps.logger,
    notifier,
  });
  const actions = new DeploymentActions({
    instances,
    entities,
    permissions: deps.permissions,
    auditor: deps.auditor,
    onAction: action => recorder.recordAction(action),
  });
  const dora = new DoraService({
    store: releaseStore,
    recorder,
    catalog: deps.catalog,
    logger: deps.logger,
  });
  const creator = new ApplicationCreator(services);
  const claims = new BindingClaims(services);
  const promotions = new PromotionService({
    lanes: new ArgoLaneReader({ instances, entities }),
    writer: deps.writer ?? GitHubWriter.fromConfig(deps.config),
    signals: new GateSignals(config.promotion, { fetch: deps.signalsFetch }),
    catalog: deps.catalog,
    permissions: deps.permissions,
    auditor: deps.auditor,
    slo: config.promotion.slo,
    burnRateThreshold: config.promotion.burnRateThreshold,
    records: recorder,
    notifier,
    // The portal policy's production groups: who may promote to production.
    productionGroups: deps.config.getOptionalStringArray(
      'permission.portal.production.allowedGroups',
    ) ?? ['group:default/sre'],
    pulls: deps.pulls ?? GitHubPullRequests.fromConfig(deps.config),
    pullRequestEnvironments: config.promotion.pullRequestEnvironments,
  });
  return {
    promotions,
    recorder,
    dora,
    notifier,
    config,
    instances,
    bindings,
    join,
    entities,
    actions,
    creator,
    claims,
  };
}
