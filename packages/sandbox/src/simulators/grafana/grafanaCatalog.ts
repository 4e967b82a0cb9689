import {
  errorRatioQuery,
  GrafanaDashboardResponse,
  GrafanaPanel,
  GrafanaSearchHit,
  latencyQuantileQuery,
  requestRateQuery,
  SliSelector,
} from '@internal/plugin-observability-node';
import { ENVIRONMENTS, World } from '../../world/World';
import { BASE62, stableId } from '../prometheus/seededRandom';

/** A folder per system of the world. */
export interface Folder {
  id: number;
  uid: string;
  title: string;
  /** The system it holds the dashboards and alert rules of. */
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
}

/** The folders and dashboards of a world; `prefix` is Grafana's sub-path (`/grafana`). */
export function catalogOf(
  world: World,
  prefix: string,
): { folders: Folder[]; dashboards: Dashboard[] } {
  const services = world.services();
  const systems = [...new Set(services.map(s => s.system))].sort();
  const folders = systems.map((system, i) => {
    const uid = stableId(BASE62, 9, 'folder', system);
    const title = titleCase(system);
    return {
      id: i + 1,
      uid,
      title,
      system,
      url: `${prefix}/dashboards/f/${uid}/${slugify(title)}`,
    };
  });
  const folderOf = new Map(folders.map(f => [f.system, f]));
  const dashboards = services.map((service, i) => {
    const uid = stableId(BASE62, 9, 'dashboard', service.name);
    const title = `${service.name} overview`;
    const slug = slugify(title);
    return {
      id: folders.length + i + 1,
      uid,
      title,
      slug,
      tags: [
        service.name,
        `service:${service.name}`,
        `system:${service.system}`,
      ],
      url: `${prefix}/d/${uid}/${slug}`,
      service: service.name,
      folder: folderOf.get(service.system)!,
    };
  });
  return { folders, dashboards };
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

/**
 * The service's overview dashboard: its SLIs per environment (a dashboard
 * variable), with the same PromQL the portal's backend asks Prometheus.
 */
export function dashboardResponse(d: Dashboard): GrafanaDashboardResponse {
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
    meta: {
      isStarred: false,
      url: d.url,
      folderId: d.folder.id,
      folderUid: d.folder.uid,
      folderTitle: d.folder.title,
      slug: d.slug,
      type: 'db',
      // The portal's service account is a Viewer.
      canEdit: false,
    },
  };
}

/** Grafana's slugify: lower case, runs of anything else than letters and digits become `-`. */
export function slugify(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function titleCase(name: string): string {
  return name
    .split(/[-_\s]+/)
    .map(w => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}
