import type { ServiceDrift } from '@internal/plugin-paved-road-common';
import Chip from '@mui/material/Chip';
import Tooltip from '@mui/material/Tooltip';

export const STATE_LABELS: Record<ServiceDrift['state'], string> = {
  'up-to-date': 'up to date',
  behind: 'behind',
  diverged: 'diverged',
  unknown: 'unknown',
};

const COLORS = {
  'up-to-date': 'success',
  behind: 'warning',
  diverged: 'error',
  unknown: 'default',
} as const;

/** How a service stands, with why in the tooltip. */
export function StateChip({ service }: { service: ServiceDrift }) {
  let why = '';
  if (service.state === 'behind') {
    why = `At ${service.version}; the template is at ${service.currentVersion}`;
  } else if (service.state === 'diverged') {
    why = `Changed by the team: ${service.changedFiles.join(', ')}`;
  } else if (service.state === 'unknown') {
    why = service.error ?? '';
  }
  return (
    <Tooltip title={why}>
      <Chip
        size="small"
        label={STATE_LABELS[service.state]}
        color={COLORS[service.state]}
        data-testid={`state-${service.entityRef}`}
      />
    </Tooltip>
  );
}
