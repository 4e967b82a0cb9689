import Chip from '@mui/material/Chip';
import Tooltip from '@mui/material/Tooltip';
import { HealthStatus, SyncStatus } from '@internal/plugin-deployments-common';

type ChipColor = 'success' | 'info' | 'warning' | 'error' | 'default';

const HEALTH_COLOR: Record<HealthStatus, ChipColor> = {
  Healthy: 'success',
  Suspended: 'info',
  Progressing: 'warning',
  Missing: 'default',
  Degraded: 'error',
  Unknown: 'default',
};

export function HealthChip(props: { health?: HealthStatus; message?: string }) {
  const { health, message } = props;
  if (!health) return null;
  const chip = (
    <Chip
      size="small"
      label={health}
      color={HEALTH_COLOR[health] ?? 'default'}
      data-testid="health"
    />
  );
  return message ? <Tooltip title={message}>{chip}</Tooltip> : chip;
}

export function SyncChip(props: { sync?: SyncStatus }) {
  if (!props.sync) return null;
  return (
    <Chip
      size="small"
      variant="outlined"
      label={props.sync}
      color={props.sync === 'Synced' ? 'success' : 'warning'}
    />
  );
}

export const shortSha = (sha?: string) => (sha ? sha.slice(0, 7) : '—');

/**
 * An image tag as people read it: CI tags builds with the commit's full SHA,
 * which is shown as git shows a commit (7 characters); other tags as they are.
 */
export function displayTag(tag?: string): string | undefined {
  return tag && /^[0-9a-f]{40}$/.test(tag) ? tag.slice(0, 7) : tag;
}

/** An application that runs no image yet: no build reached its environment. */
export function runsNothing(deployment: { images?: string[] }): boolean {
  return !deployment.images?.length;
}

/** "3 h ago", "2 d ago": enough for a matrix cell; the tooltip has the date. */
export function age(iso?: string, now: number = Date.now()): string {
  if (!iso) return '';
  const seconds = Math.max(0, (now - Date.parse(iso)) / 1000);
  if (seconds < 60) return `${Math.round(seconds)} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86400)} d ago`;
}
