import type { SliSeries } from '@internal/plugin-observability-common';

/** One line of a chart: which series, how to draw it. */
export interface LineSpec {
  key: string;
  label: string;
  role: SliSeries['role'];
  revision?: string;
}

/**
 * The series a chart draws: while a canary serves (or served in the
 * window), stable and canary side by side with the total as context;
 * otherwise the total alone (stable alone would be the same line).
 */
export function visibleSeries(series: SliSeries[]): SliSeries[] {
  const hasCanary = series.some(s => s.role === 'canary');
  return hasCanary ? series : series.filter(s => s.role === 'total');
}

export function lineKey(s: SliSeries, suffix = ''): string {
  return `${s.role}${s.revision ? `:${s.revision}` : ''}${suffix}`;
}

/**
 * Recharts wants one row per x value with a field per line: the series'
 * points merged by time. `scale` turns ratios into percent, seconds into ms.
 */
export function mergeSeries(
  groups: Array<{ series: SliSeries[]; suffix?: string }>,
  scale = 1,
): Array<Record<string, number | null>> {
  const rows = new Map<number, Record<string, number | null>>();
  for (const { series, suffix } of groups) {
    for (const s of series) {
      const key = lineKey(s, suffix);
      for (const [t, v] of s.points) {
        const row = rows.get(t) ?? { t };
        row[key] = v === null ? null : v * scale;
        rows.set(t, row);
      }
    }
  }
  return [...rows.values()].sort((a, b) => (a.t as number) - (b.t as number));
}
