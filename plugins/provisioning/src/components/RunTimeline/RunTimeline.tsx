import type { ProvisioningRun } from '@internal/plugin-provisioning-common';
import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Step from '@mui/material/Step';
import StepLabel from '@mui/material/StepLabel';
import Stepper from '@mui/material/Stepper';
import Typography from '@mui/material/Typography';

const STEPS = ['Queued', 'Planning', 'Approval', 'Applying', 'Applied'];

/** Where the run stands on the five steps, and whether that step failed. */
export function stepOf(run: ProvisioningRun): {
  active: number;
  failed?: string;
} {
  const saw = (status: string) => run.timeline.some(e => e.status === status);
  switch (run.phase) {
    case 'starting':
    case 'pending':
      return { active: 0 };
    case 'planning':
      return { active: 1 };
    case 'awaiting_approval':
      return { active: 2 };
    case 'applying':
      return { active: 3 };
    case 'applied':
    case 'planned_and_finished':
      return { active: STEPS.length };
    case 'discarded':
      return { active: 2, failed: 'Discarded' };
    case 'canceled':
      return { active: saw('applying') ? 3 : 1, failed: 'Canceled' };
    default:
      // errored: in the apply if it got that far, else while planning,
      // else while starting (the engine never gave it an id)
      if (saw('applying')) return { active: 3, failed: 'Errored' };
      return { active: run.engineRunId ? 1 : 0, failed: 'Errored' };
  }
}

/** True while the run moves on its own (a progress bar shows). */
export function isRunMoving(run: ProvisioningRun): boolean {
  return ['starting', 'pending', 'planning', 'applying'].includes(run.phase);
}

function time(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleTimeString();
}

/** The run's steps, a progress bar while it moves, and every status it passed with when. */
export function RunTimeline({ run }: { run: ProvisioningRun }) {
  const { active, failed } = stepOf(run);
  return (
    <Box>
      <Stepper activeStep={active} alternativeLabel sx={{ overflowX: 'auto' }}>
        {STEPS.map((label, index) => (
          <Step key={label} completed={index < active}>
            <StepLabel error={failed !== undefined && index === active}>
              {failed !== undefined && index === active ? failed : label}
              {run.phase === 'planned_and_finished' &&
              index === STEPS.length - 1
                ? ' (no changes)'
                : ''}
            </StepLabel>
          </Step>
        ))}
      </Stepper>
      {isRunMoving(run) && (
        <LinearProgress sx={{ mt: 1 }} aria-label={`Run ${run.phase}`} />
      )}
      <Typography
        variant="caption"
        color="text.secondary"
        component="ol"
        aria-label="Status timeline"
        sx={{
          listStyle: 'none',
          p: 0,
          mt: 1,
          display: 'flex',
          flexWrap: 'wrap',
          gap: 1.5,
        }}
      >
        {run.timeline.map(event => (
          <li key={event.status}>
            {event.status.replace(/_/g, ' ')} {time(event.at)}
          </li>
        ))}
      </Typography>
    </Box>
  );
}
