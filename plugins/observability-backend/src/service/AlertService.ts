import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  AlertItem,
  AlertsResponse,
  AlertState,
  GRAFANA_ALERT_LABEL_SELECTOR,
} from '@internal/plugin-observability-common';
import { GrafanaInstance } from './DashboardService';
import { parseAlertLabelSelector } from './selectors';
import { SignalCache } from './SignalCache';
import { fanOut } from './upstream';

const STATE_ORDER: Record<AlertState, number> = {
  firing: 0,
  pending: 1,
  recovering: 2,
  inactive: 3,
};

/** The entity's Grafana-managed alert rules with their current state. */
export class AlertService {
  constructor(
    private readonly instances: GrafanaInstance[],
    private readonly cache: SignalCache,
  ) {}

  async list(entity: Entity): Promise<AlertsResponse> {
    const selector =
      entity.metadata.annotations?.[GRAFANA_ALERT_LABEL_SELECTOR] ?? '';
    if (!selector) {
      throw new NotFoundError(
        `${stringifyEntityRef(
          entity,
        )} has no ${GRAFANA_ALERT_LABEL_SELECTOR} annotation`,
      );
    }
    const labels = parseAlertLabelSelector(selector);
    const { items, errors } = await fanOut(
      this.instances,
      i => i.name,
      instance =>
        this.cache.getOrLoad(`alerts:${instance.name}:${selector}`, () =>
          this.fromInstance(instance, labels),
        ),
    );
    items.sort(
      (a, b) =>
        STATE_ORDER[a.state] - STATE_ORDER[b.state] ||
        a.name.localeCompare(b.name),
    );
    return { selector, alerts: items, errors };
  }

  private async fromInstance(
    instance: GrafanaInstance,
    labels: Record<string, string>,
  ): Promise<AlertItem[]> {
    const rules = await instance.client.listAlertRules({ labels });
    return rules.map(rule => {
      const active = rule.state === 'firing' || rule.state === 'pending';
      const value = rule.alerts.find(a => a.value)?.value;
      const item: AlertItem = {
        instance: instance.name,
        uid: rule.uid,
        name: rule.name,
        state: rule.state,
        labels: rule.labels,
        summary: rule.annotations.summary,
        url: rule.uid ? instance.client.alertRuleUrl(rule.uid) : undefined,
      };
      if (active && rule.activeAt) {
        item.since = rule.activeAt;
      }
      if (active && value) {
        item.value = value;
      }
      return item;
    });
  }
}
