import {
  errorRatioQuery,
  latencyQuantileQuery,
  requestRateQuery,
  SliSelector,
} from '@internal/plugin-observability-common';
import {
  GrafanaDashboardResponse,
  GrafanaPanel,
  GrafanaSearchHit,
} from '@internal/api-grafana';
import { ENVIRONMENTS, World } from '../../world/World';
import { deployedServices } from '../prometheus/deployedServices';
import { BASE62, stableId } from '../prometheus/seededRandom';
import {
  ClusterMonitoring,
  clusterMonitoring,
  ProvisionedDashboard,
  titleCase,
} from './clusterMonitoring';

/** A folder per system of the world, and per folder the clusters' dashboards name. */
export interface Folder {
  id: number;
  uid: string;
  title: string;
  /** The system it holds the dashboards and alert rules of (its title, slugified). */
  system: string;
  url: string;
}

/** A dashboard per service of the world. */
export interface Dashboard {
  id: number;
  uid: string;
  title: string;
  slug: string;
  tags: string[];
  url: string;
  service: string;
  folder: Folder;
  /** The JSON a cluster's ConfigMap provisioned; absent for a built-in dashboard. */
  provisioned?: ProvisionedDashboard;
}

/**
 * The folders and dashboards of a world; `prefix` is Grafana's sub-path
 * (`/grafana`). The dashboards are the ones the clusters' ConfigMaps
 * provision (the first of a uid wins, as Grafana refuses a second one);
 * a deployed service none of whose ConfigMaps holds a dashboard gets a
 * built-in overview, so services deployed without one still have charts.
 */
export function catalogOf(
  world: World,
  prefix: string,
  monitoring: ClusterMonitoring = clusterMonitoring(world),
): { folders: Folder[]; dashboards: Dashboard[] } {
  const services = deployedServices(world);
  const systemOf = new Map(services.map(s => [s.name, s.system]));
  const provisioned = new Map<string, ProvisionedDashboard>();
  for (const dashboard of monitoring.dashboards) {
    if (!provisioned.has(dashboard.model.uid!)) {
      provisioned.set(dashboard.model.uid!, dashboard);
    }
  }
  const withDashboards = new Set([...provisioned.values()].map(d => d.service));
  const builtIn = services.filter(s => !withDashboards.has(s.name));
  const folderTitleOf = (d: { folderTitle?: string; service: string }) =>
    d.folderTitle || systemFolderTitle(systemOf.get(d.service));
  const folders = foldersOf(
    [
      ...builtIn.map(s => systemFolderTitle(s.system)),
      ...[...provisioned.values()].map(folderTitleOf),
      ...monitoring.ruleGroups.map(folderTitleOf),
    ],
    prefix,
  );
  const folderOf = new Map(folders.map(f => [f.title, f]));
  const dashboards: Dashboard[] = [
    ...builtIn.map(service => {
      const uid = stableId(BASE62, 9, 'dashboard', service.name);
      const title = `${service.name} overview`;
      return {
        uid,
        title,
        tags: [
          service.name,
          `service:${service.name}`,
          `system:${service.system}`,
        ],
        service: service.name,
        folder: folderOf.get(systemFolderTitle(service.system))!,
      };
    }),
    ...[...provisioned.values()].map(d => ({
      uid: d.model.uid!,
      title: typeof d.model.title === 'string' ? d.model.title : d.model.uid!,
      tags: Array.isArray(d.model.tags)
        ? d.model.tags.filter((t): t is string => typeof t === 'string')
        : [],
      service: d.service,
      folder: folderOf.get(folderTitleOf(d))!,
      provisioned: d,
    })),
  ].map((d, i) => {
    const slug = slugify(d.title);
    return {
      ...d,
      id: folders.length + i + 1,
      slug,
      url: `${prefix}/d/${d.uid}/${slug}`,
    };
  });
  return { folders, dashboards };
}

/** The folder of a system's dashboards and rules; Grafana's General without one. */
export function systemFolderTitle(system: string | undefined): string {
  return system ? titleCase(system) : 'General';
}

/** One folder per distinct title, sorted; a folder's uid follows from its title. */
function foldersOf(titles: string[], prefix: string): Folder[] {
  return [...new Set(titles)].sort().map((title, i) => {
    const system = slugify(title);
    const uid = stableId(BASE62, 9, 'folder', system);
    return {
      id: i + 1,
      uid,
      title,
      system,
      url: `${prefix}/dashboards/f/${uid}/${system}`,
    };
  });
}

export function dashboardHit(d: Dashboard): GrafanaSearchHit {
  return {
    id: d.id,
    uid: d.uid,
    title: d.title,
    uri: `db/${d.slug}`,
    url: d.url,
    slug: '',
    type: 'dash-db',
    tags: d.tags,
    isStarred: false,
    folderId: d.folder.id,
    folderUid: d.folder.uid,
    folderTitle: d.folder.title,
    folderUrl: d.folder.url,
    sortMeta: 0,
  };
}

export function folderHit(f: Folder): GrafanaSearchHit {
  return {
    id: f.id,
    uid: f.uid,
    title: f.title,
    uri: `db/${slugify(f.title)}`,
    url: f.url,
    slug: '',
    type: 'dash-folder',
    tags: [],
    isStarred: false,
    sortMeta: 0,
  };
}

/** `GET /api/dashboards/uid/:uid` of a dashboard. */
export function dashboardResponse(d: Dashboard): GrafanaDashboardResponse {
  return d.provisioned
    ? provisionedResponse(d, d.provisioned)
    : builtInResponse(d);
}

/**
 * A provisioned dashboard as Grafana stores it: the ConfigMap's JSON with
 * Grafana's id, and meta saying it is provisioned (a file of the sidecar's
 * folder), so not editable.
 */
function provisionedResponse(
  d: Dashboard,
  provisioned: ProvisionedDashboard,
): GrafanaDashboardResponse {
  const { model } = provisioned;
  return {
    dashboard: {
      ...model,
      id: d.id,
      uid: d.uid,
      title: d.title,
      tags: d.tags,
      timezone: typeof model.timezone === 'string' ? model.timezone : '',
      schemaVersion:
        typeof model.schemaVersion === 'number' ? model.schemaVersion : 39,
      version: typeof model.version === 'number' ? model.version : 1,
      panels: Array.isArray(model.panels) ? model.panels : [],
    },
    meta: {
      ...meta(d),
      provisioned: true,
      provisionedExternalId: provisioned.source.split('/').pop(),
    } as GrafanaDashboardResponse['meta'],
  };
}

function meta(d: Dashboard): GrafanaDashboardResponse['meta'] {
  return {
    isStarred: false,
    url: d.url,
    folderId: d.folder.id,
    folderUid: d.folder.uid,
    folderTitle: d.folder.title,
    slug: d.slug,
    type: 'db',
    // The portal's service account is a Viewer.
    canEdit: false,
  };
}

/**
 * The built-in overview dashboard of a service without one of its own: its
 * SLIs per environment (a dashboard variable), with the same PromQL the
 * portal's backend asks Prometheus.
 */
function builtInResponse(d: Dashboard): GrafanaDashboardResponse {
  const selector: SliSelector = {
    service: d.service,
    environment: '$environment',
  };
  const datasource = { type: 'prometheus', uid: 'prometheus' };
  const panel = (
    id: number,
    title: string,
    unit: string,
    gridPos: GrafanaPanel['gridPos'],
    targets: { expr: string; legendFormat: string }[],
  ): GrafanaPanel => ({
    id,
    type: 'timeseries',
    title,
    gridPos,
    datasource,
    fieldConfig: { defaults: { unit } },
    targets: targets.map((t, i) => ({
      refId: String.fromCharCode(65 + i),
      datasource,
      ...t,
    })),
  });
  return {
    dashboard: {
      id: d.id,
      uid: d.uid,
      title: d.title,
      tags: d.tags,
      timezone: 'browser',
      schemaVersion: 39,
      version: 1,
      panels: [
        panel(1, 'Request rate', 'reqps', { h: 8, w: 12, x: 0, y: 0 }, [
          { expr: requestRateQuery(selector), legendFormat: 'requests' },
        ]),
        panel(2, 'Error ratio', 'percentunit', { h: 8, w: 12, x: 12, y: 0 }, [
          { expr: errorRatioQuery(selector), legendFormat: '5xx' },
        ]),
        panel(3, 'Latency', 's', { h: 8, w: 12, x: 0, y: 8 }, [
          { expr: latencyQuantileQuery(selector, 0.95), legendFormat: 'p95' },
          { expr: latencyQuantileQuery(selector, 0.99), legendFormat: 'p99' },
        ]),
        panel(
          4,
          'Error ratio by revision',
          'percentunit',
          { h: 8, w: 12, x: 12, y: 8 },
          [
            {
              expr: errorRatioQuery({ ...selector, byRevision: true }),
              legendFormat: '{{rollouts_pod_template_hash}}',
            },
          ],
        ),
      ],
      templating: {
        list: [
          {
            name: 'environment',
            type: 'custom',
            label: 'Environment',
            query: ENVIRONMENTS.join(','),
            current: { text: 'prod', value: 'prod' },
            options: ENVIRONMENTS.map(env => ({
              text: env,
              value: env,
              selected: env === 'prod',
            })),
          },
        ],
      },
      time: { from: 'now-6h', to: 'now' },
    },
    meta: meta(d),
  };
}

/** Grafana's slugify: lower case, runs of anything else than letters and digits become `-`. */
export function slugify(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
