import { Request, RequestHandler, Response, Router } from 'express';
import { GrafanaErrorBody, GrafanaSearchHit } from '@internal/api-grafana';
import { SimulatorFactory } from '../types';
import {
  AlertTiming,
  DEFAULT_ALERT_TIMING,
  RuleTiming,
  rulesResponse,
} from './alertRules';
import { clusterMonitoring } from './clusterMonitoring';
import {
  catalogOf,
  Dashboard,
  dashboardHit,
  dashboardResponse,
  folderHit,
} from './grafanaCatalog';
import { panelPng, soloPanelPage } from './panelRender';

export interface GrafanaSimulatorOptions {
  /** The service-account token the API accepts. */
  token?: string;
  /** The clock of alert evaluation; tests pin it. */
  now?: () => number;
  /**
   * How often alert rules are evaluated and their `for`; default every
   * minute, and each rule's own `for` (5m for the built-in rules). A
   * `pendingPeriodMs` given here replaces every rule's `for`: the sandbox
   * shortens both so a bad canary's alert fires while a demo still looks
   * at it.
   */
  alertTiming?: Partial<AlertTiming>;
}

/** Grafana's search refuses larger pages. */
const MAX_SEARCH_LIMIT = 5000;

/**
 * One Grafana instance over the world's clusters, set up as
 * kube-prometheus-stack sets it up: its dashboards are the ConfigMaps
 * labelled `grafana_dashboard: "1"` of every cluster, in the folder their
 * `grafana_folder` annotation names, and its alert rules are the clusters'
 * PrometheusRule groups, evaluated on the Prometheus simulator's series
 * (see `clusterMonitoring.ts`). A deployed service whose clusters hold none
 * gets a built-in overview dashboard (tagged with its name,
 * `service:<name>` and `system:<system>`) and built-in rules per
 * environment. Plus panel embeds and rendered PNGs.
 *
 * It behaves like Grafana served from its sub-path (`serve_from_sub_path`):
 * every URL it gives out starts with its mount path. The API and the
 * renderer need the bearer token; `/d-solo` pages do not, as with the
 * anonymous viewer access that iframe embedding usually relies on.
 */
export function grafanaSimulator(
  options: GrafanaSimulatorOptions = {},
): SimulatorFactory {
  const token = options.token ?? 'sandbox-grafana-token';
  const now = options.now ?? Date.now;
  const timing: RuleTiming = {
    ...DEFAULT_ALERT_TIMING,
    ...options.alertTiming,
    overrideFor: options.alertTiming?.pendingPeriodMs !== undefined,
  };
  return {
    name: 'grafana',
    async create({ world, mountUrl }) {
      const prefix = new URL(mountUrl).pathname.replace(/\/$/, '');
      // Rules were Normal since the sandbox started (or was reset).
      let normalSince = now();
      const catalog = () => catalogOf(world, prefix);
      const rules = () => {
        const monitoring = clusterMonitoring(world);
        const { folders } = catalogOf(world, prefix, monitoring);
        return rulesResponse(
          world,
          folders,
          now(),
          normalSince,
          timing,
          monitoring,
        );
      };
      const router = Router();

      const requireToken: RequestHandler = (req, res, next) => {
        if (req.headers.authorization !== `Bearer ${token}`) {
          sendError(res, 401, 'Unauthorized');
          return;
        }
        next();
      };
      router.use('/api', requireToken);
      router.use('/render', requireToken);

      router.get('/api/search', (req, res) => {
        const limit = Number(first(req.query.limit) || 1000);
        if (limit > MAX_SEARCH_LIMIT) {
          sendError(
            res,
            422,
            `Limit is above maximum allowed (${MAX_SEARCH_LIMIT}), use page parameter to access hits beyond limit`,
          );
          return;
        }
        const page = Math.max(1, Number(first(req.query.page) || 1));
        const type = first(req.query.type);
        const tags = all(req.query.tag);
        const text = first(req.query.query).toLowerCase();
        const { folders, dashboards } = catalog();
        const hits: GrafanaSearchHit[] = [
          ...(type === 'dash-db' ? [] : folders.map(folderHit)),
          ...(type === 'dash-folder' ? [] : dashboards.map(dashboardHit)),
        ]
          .filter(hit => tags.every(tag => hit.tags.includes(tag)))
          .filter(hit => !text || hit.title.toLowerCase().includes(text))
          .sort((a, b) => a.title.localeCompare(b.title));
        res.json(hits.slice((page - 1) * limit, page * limit));
      });

      router.get('/api/dashboards/uid/:uid', (req, res) => {
        const dashboard = find(catalog().dashboards, req.params.uid);
        if (!dashboard) {
          sendError(res, 404, 'Dashboard not found');
          return;
        }
        res.json(dashboardResponse(dashboard));
      });

      router.get('/api/prometheus/grafana/api/v1/rules', (_req, res) => {
        res.json(rules());
      });

      router.get('/render/d-solo/:uid/:slug?', (req, res) => {
        const panel = panelOf(catalog().dashboards, req);
        if (!panel) {
          sendError(res, 404, 'Dashboard or panel not found');
          return;
        }
        res
          .type('image/png')
          .send(
            panelPng(
              Number(first(req.query.width) || 1000),
              Number(first(req.query.height) || 500),
            ),
          );
      });

      router.get('/d-solo/:uid/:slug?', (req, res) => {
        const found = panelOf(catalog().dashboards, req);
        if (!found) {
          res
            .status(404)
            .type('html')
            .send('<p>Dashboard or panel not found</p>');
          return;
        }
        res.type('html').send(
          soloPanelPage({
            dashboardTitle: found.dashboard.title,
            panel: found.panel,
            query: Object.fromEntries(
              Object.entries(req.query).map(([k, v]) => [k, first(v)]),
            ),
          }),
        );
      });

      router.use((_req, res) => {
        sendError(res, 404, 'Not found');
      });

      return {
        handler: router,
        reset() {
          normalSince = now();
        },
      };
    },
  };
}

function find(dashboards: Dashboard[], uid: string): Dashboard | undefined {
  return dashboards.find(d => d.uid === uid);
}

function panelOf(dashboards: Dashboard[], req: Request) {
  const dashboard = find(dashboards, req.params.uid);
  if (!dashboard) {
    return undefined;
  }
  const response = dashboardResponse(dashboard);
  const panel = response.dashboard.panels.find(
    p => String(p.id) === first(req.query.panelId),
  );
  return panel && { dashboard: response.dashboard, panel };
}

function sendError(res: Response, status: number, message: string) {
  const body: GrafanaErrorBody = { message };
  res.status(status).json(body);
}

function first(value: unknown): string {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' ? v : '';
}

function all(value: unknown): string[] {
  const values = Array.isArray(value) ? value : [value];
  return values.filter((v): v is string => typeof v === 'string');
}
