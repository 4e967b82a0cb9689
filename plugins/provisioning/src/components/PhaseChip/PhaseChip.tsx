import type { RunPhase } from '@internal/plugin-provisioning-common';
import Chip from '@mui/material/Chip';

const LABELS: Record<RunPhase, string> = {
  starting: 'Starting',
  pending: 'Queued',
  planning: 'Planning',
  awaiting_approval: 'Waiting for approval',
  applying: 'Applying',
  applied: 'Applied',
  planned_and_finished: 'No changes',
  errored: 'Errored',
  discarded: 'Discarded',
  canceled: 'Canceled',
};

const COLORS: Partial<
  Record<RunPhase, 'success' | 'error' | 'warning' | 'info' | 'default'>
> = {
  applied: 'success',
  planned_and_finished: 'success',
  errored: 'error',
  canceled: 'error',
  awaiting_approval: 'warning',
  planning: 'info',
  applying: 'info',
};

/** A run's phase as a coloured chip. */
export function PhaseChip({ phase }: { phase: RunPhase }) {
  return (
    <Chip
      size="small"
      label={LABELS[phase] ?? phase}
      color={COLORS[phase] ?? 'default'}
      data-testid="phase-chip"
    />
  );
}
