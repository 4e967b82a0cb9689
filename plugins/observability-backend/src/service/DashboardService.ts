import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  DashboardItem,
  DashboardsResponse,
  GRAFANA_DASHBOARD_SELECTOR,
} from '@internal/plugin-observability-common';
import {
  GrafanaClient,
  UpstreamError,
} from '@internal/plugin-observability-node';
import { fanOut } from './upstream';
import { parseDashboardSelector } from './selectors';
import { SignalCache } from './SignalCache';

/** One configured Grafana and its client. */
export interface GrafanaInstance {
  name: string;
  client: GrafanaClient;
}

/** Dashboards listed per entity; the first ones get their panels read. */
const MAX_DASHBOARDS = 20;
const DASHBOARDS_WITH_PANELS = 5;
const PANELS_PER_DASHBOARD = 4;

/** The entity's Grafana dashboards (every instance) and renders of their panels. */
export class DashboardService {
  constructor(
    private readonly instances: GrafanaInstance[],
    private readonly cache: SignalCache,
  ) {}

  async list(entity: Entity): Promise<DashboardsResponse> {
    const selector =
      entity.metadata.annotations?.[GRAFANA_DASHBOARD_SELECTOR] ?? '';
    if (!selector) {
      throw new NotFoundError(
        `${stringifyEntityRef(
          entity,
        )} has no ${GRAFANA_DASHBOARD_SELECTOR} annotation`,
      );
    }
    const matches = parseDashboardSelector(selector);
    const { items, errors } = await fanOut(
      this.instances,
      i => i.name,
      instance =>
        this.cache.getOrLoad(`dashboards:${instance.name}:${selector}`, () =>
          this.fromInstance(instance, matches),
        ),
    );
    return { selector, dashboards: items, errors };
  }

  /**
   * A PNG of one panel, rendered by Grafana with the server's token. Only
   * panels of the entity's own dashboards: the token must not render
   * whatever a caller names.
   */
  async renderPanel(
    entity: Entity,
    panel: {
      instance: string;
      dashboardUid: string;
      panelId: number;
      from: number;
      to: number;
      width: number;
      height: number;
    },
  ): Promise<{ contentType: string; body: Uint8Array }> {
    const instance = this.instances.find(i => i.name === panel.instance);
    const { dashboards } = instance
      ? await this.list(entity)
      : { dashboards: [] };
    const dashboard = dashboards.find(
      d => d.instance === panel.instance && d.uid === panel.dashboardUid,
    );
    if (!instance || !dashboard) {
      throw new NotFoundError(
        `No dashboard ${panel.dashboardUid} of ${stringifyEntityRef(
          entity,
        )} in Grafana ${panel.instance}`,
      );
    }
    try {
      return await instance.client.renderPanel({
        dashboardUid: panel.dashboardUid,
        slug: slugOf(dashboard.url),
        panelId: panel.panelId,
        from: panel.from,
        to: panel.to,
        width: panel.width,
        height: panel.height,
      });
    } catch (error) {
      // A panel id the dashboard does not have: the caller's mistake, not
      // an outage (and Grafana's render path is no business of theirs).
      if (error instanceof UpstreamError && error.kind === 'not-found') {
        throw new NotFoundError(
          `No panel ${panel.panelId} in dashboard ${
            panel.dashboardUid
          } of ${stringifyEntityRef(entity)}`,
        );
      }
      throw error;
    }
  }

  private async fromInstance(
    instance: GrafanaInstance,
    matches: ReturnType<typeof parseDashboardSelector>,
  ): Promise<DashboardItem[]> {
    const { client } = instance;
    const found = new Map<string, DashboardItem>();
    for (const match of matches) {
      const hits = await client.searchDashboards({
        tags: match.tags,
        limit: MAX_DASHBOARDS,
      });
      for (const hit of hits) {
        const title = hit.title.toLowerCase();
        if (!match.titles.every(t => title.includes(t.toLowerCase()))) {
          continue;
        }
        found.set(hit.uid, {
          instance: instance.name,
          uid: hit.uid,
          title: hit.title,
          url: client.dashboardUrl(hit.url),
          folder: hit.folderTitle,
          tags: hit.tags,
          panels: [],
        });
      }
    }
    const dashboards = [...found.values()]
      .sort((a, b) => a.title.localeCompare(b.title))
      .slice(0, MAX_DASHBOARDS);
    await Promise.all(
      dashboards.slice(0, DASHBOARDS_WITH_PANELS).map(async item => {
        const { dashboard, meta } = await client.getDashboard(item.uid);
        item.panels = dashboard.panels
          .filter(p => p.type !== 'row')
          .slice(0, PANELS_PER_DASHBOARD)
          .map(p => ({
            id: p.id,
            title: p.title,
            embedUrl: client.panelEmbedUrl({
              dashboardUid: item.uid,
              slug: meta.slug,
              panelId: p.id,
              from: 'now-6h',
              to: 'now',
            }),
            imagePath: `dashboards/panel.png?${new URLSearchParams({
              instance: instance.name,
              dashboard: item.uid,
              panel: String(p.id),
            })}`,
          }));
      }),
    );
    return dashboards;
  }
}

/** The slug of a dashboard URL (`.../d/<uid>/<slug>`). */
function slugOf(url: string): string | undefined {
  const match = /\/d\/[^/]+\/([^/?#]+)/.exec(url);
  return match?.[1];
}
