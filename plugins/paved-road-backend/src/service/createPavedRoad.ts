import type {
  AuditorService,
  LoggerService,
  PermissionsService,
  RootConfigService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { GitHubPullRequests } from '@internal/plugin-deployments-node';
import { resolve } from 'node:path';
import { DriftService } from './DriftService';
import { TemplateRenderer } from './TemplateRenderer';
import { TemplateVersions } from './TemplateVersions';
import { UpgradeService } from './UpgradeService';

export interface PavedRoadDeps {
  config: RootConfigService;
  logger: LoggerService;
  urlReader: UrlReaderService;
  permissions: PermissionsService;
  auditor: AuditorService;
  catalog: CatalogService;
  /** For tests: the fetch GitHub is called with. */
  fetch?: typeof fetch;
}

/** The services of the plugin, for the plugin and its tests alike. */
export function createPavedRoad(deps: PavedRoadDeps) {
  const templates = new Map<string, TemplateVersions>();
  for (const entry of deps.config.getOptionalConfigArray(
    'pavedRoad.templates',
  ) ?? []) {
    const ref = stringifyEntityRef(
      parseEntityRef(entry.getString('ref'), { defaultKind: 'template' }),
    ).toLocaleLowerCase('en-US');
    templates.set(
      ref,
      new TemplateVersions(resolve(entry.getString('directory'))),
    );
  }
  const pulls = GitHubPullRequests.fromConfig(deps.config, {
    fetch: deps.fetch,
  });
  const drift = new DriftService({
    catalog: deps.catalog,
    urlReader: deps.urlReader,
    renderer: new TemplateRenderer(deps.logger),
    pulls,
    logger: deps.logger,
    templates,
    branchPrefix:
      deps.config.getOptionalString('pavedRoad.branchPrefix') ??
      'paved-road/upgrade-',
  });
  const upgrades = new UpgradeService({
    drift,
    pulls,
    permissions: deps.permissions,
    auditor: deps.auditor,
    catalog: deps.catalog,
  });
  return { drift, upgrades, templates, pulls };
}
