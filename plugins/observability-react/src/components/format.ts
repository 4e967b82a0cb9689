/** `0.0612` -> `6.12 %`; a dash for no value. */
export function formatPercent(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) {
    return '–';
  }
  const percent = value * 100;
  return `${percent < 10 ? percent.toFixed(2) : percent.toFixed(1)} %`;
}

/** Seconds as milliseconds or seconds, e.g. `184 ms`, `1.20 s`. */
export function formatSeconds(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) {
    return '–';
  }
  return value < 1 ? `${Math.round(value * 1000)} ms` : `${value.toFixed(2)} s`;
}

export function formatRate(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) {
    return '–';
  }
  return `${value < 10 ? value.toFixed(2) : value.toFixed(0)} req/s`;
}

/** `HH:MM` (and the date when it is not today) in the browser's zone. */
export function formatClock(ms: number): string {
  const date = new Date(ms);
  const time = date.toLocaleTimeString([], {
    hour: '2-digit',
    minute: '2-digit',
  });
  return new Date().toDateString() === date.toDateString()
    ? time
    : `${date.toLocaleDateString([], {
        month: 'short',
        day: 'numeric',
      })} ${time}`;
}

/** A revision hash shortened for a legend. */
export function shortRevision(revision: string | undefined): string {
  return revision ? revision.slice(0, 10) : '';
}
