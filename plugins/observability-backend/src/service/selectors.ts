import { InputError } from '@backstage/errors';

/** Dashboards that match all of `tags` and, if given, contain every `titles` part. */
export interface DashboardMatch {
  tags: string[];
  titles: string[];
}

/**
 * Parses `grafana/dashboard-selector` in the syntax of the community Grafana
 * plugin: `tags @> 'x'` and `title == 'y'` (or `title @> 'y'`, contains)
 * joined by `&&` and `||`, `||` binding loosest. Grafana's search can only
 * AND tags, so each `||` branch becomes one search. A bare word list
 * (`payments-api, backend`) is read as tags, as older annotations wrote it.
 */
export function parseDashboardSelector(selector: string): DashboardMatch[] {
  const text = selector.trim();
  if (!text) {
    throw new InputError('grafana/dashboard-selector is empty');
  }
  if (!/@>|==/.test(text)) {
    const tags = text
      .split(',')
      .map(t => t.trim())
      .filter(Boolean);
    return [{ tags, titles: [] }];
  }
  return text.split('||').map(branch => {
    const match: DashboardMatch = { tags: [], titles: [] };
    for (const term of branch.split('&&')) {
      const parsed = /^\s*(tags|title)\s*(@>|==)\s*(['"])(.*)\3\s*$/.exec(term);
      if (!parsed) {
        throw new InputError(
          `grafana/dashboard-selector: cannot read "${term.trim()}"; expected tags @> 'x' or title == 'y'`,
        );
      }
      const [, field, , , value] = parsed;
      (field === 'tags' ? match.tags : match.titles).push(value);
    }
    return match;
  });
}

/** Parses `grafana/alert-label-selector`: `service=payments-api,team=payments`. */
export function parseAlertLabelSelector(
  selector: string,
): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const pair of selector.split(',')) {
    if (!pair.trim()) {
      continue;
    }
    const parsed = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*"?([^"]*)"?\s*$/.exec(
      pair,
    );
    if (!parsed) {
      throw new InputError(
        `grafana/alert-label-selector: cannot read "${pair.trim()}"; expected label=value`,
      );
    }
    labels[parsed[1]] = parsed[2];
  }
  if (!Object.keys(labels).length) {
    throw new InputError('grafana/alert-label-selector is empty');
  }
  return labels;
}
