/** A Prometheus duration (`5m`, `1h30m`, `90s`) in ms; undefined if it is none. */
export function parseDuration(text: string | undefined): number | undefined {
  if (!text) {
    return undefined;
  }
  const units: Record<string, number> = {
    ms: 1,
    s: 1000,
    m: 60_000,
    h: 3_600_000,
    d: 86_400_000,
    w: 604_800_000,
    y: 31_536_000_000,
  };
  const parts = [...text.matchAll(/(\d+)(ms|[smhdwy])/g)];
  if (!parts.length || parts.map(p => p[0]).join('') !== text) {
    return undefined;
  }
  return parts.reduce((sum, p) => sum + Number(p[1]) * units[p[2]], 0);
}
