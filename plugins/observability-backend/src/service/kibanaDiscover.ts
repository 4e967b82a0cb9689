/*
 * Kibana keeps Discover's state in Rison inside the URL fragment: `_g` the
 * time range, `_a` the app state. The log search's query goes in as a
 * custom filter (query DSL), so Discover shows exactly the lines the card
 * shows, not a KQL approximation of them.
 */

/** Rison of JSON values (strings always quoted: valid Rison, and safe). */
export function rison(value: unknown): string {
  if (value === null || value === undefined) {
    return '!n';
  }
  if (value === true) {
    return '!t';
  }
  if (value === false) {
    return '!f';
  }
  if (typeof value === 'number') {
    return Number.isFinite(value) ? String(value) : '!n';
  }
  if (Array.isArray(value)) {
    return `!(${value.map(rison).join(',')})`;
  }
  if (typeof value === 'object') {
    return `(${Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${risonString(k)}:${rison(v)}`)
      .join(',')})`;
  }
  return risonString(String(value));
}

function risonString(text: string): string {
  return `'${text.replace(/!/g, '!!').replace(/'/g, "!'")}'`;
}

/** Discover over the time range with the query as its one (custom) filter. */
export function discoverUrl(options: {
  kibanaUrl: string;
  dataViewId?: string;
  index: string;
  start: Date;
  end: Date;
  query: unknown;
  label: string;
}): string {
  const g = {
    time: { from: options.start.toISOString(), to: options.end.toISOString() },
  };
  const a = {
    ...(options.dataViewId
      ? { dataSource: { dataViewId: options.dataViewId, type: 'dataView' } }
      : {}),
    query: { language: 'kuery', query: '' },
    sort: [['@timestamp', 'desc']],
    filters: [
      {
        meta: {
          alias: options.label,
          disabled: false,
          negate: false,
          type: 'custom',
          index: options.dataViewId ?? options.index,
        },
        query: options.query,
      },
    ],
  };
  const base = options.kibanaUrl.replace(/\/+$/, '');
  return `${base}/app/discover#/?_g=${encodeURIComponent(
    rison(g),
  )}&_a=${encodeURIComponent(rison(a))}`;
}
