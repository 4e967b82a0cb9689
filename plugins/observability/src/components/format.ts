export function formatMs(ms: number): string {
  return ms < 1000
    ? `${ms.toFixed(ms < 10 ? 2 : 0)} ms`
    : `${(ms / 1000).toFixed(2)} s`;
}

/** `3 min ago`, `2 h ago`, relative to `now`. */
export function formatAgo(iso: string, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) {
    return `${seconds} s ago`;
  }
  if (seconds < 3600) {
    return `${Math.floor(seconds / 60)} min ago`;
  }
  if (seconds < 86_400) {
    return `${Math.floor(seconds / 3600)} h ago`;
  }
  return `${Math.floor(seconds / 86_400)} d ago`;
}
