import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import { RolloutState, RolloutStep } from '@internal/plugin-deployments-common';

function stepLabel(step: RolloutStep): string {
  switch (step.kind) {
    case 'setWeight':
      return `${step.weight}%`;
    case 'pause':
      return step.pauseSeconds === undefined
        ? 'pause (manual)'
        : `pause ${step.pauseSeconds}s`;
    case 'analysis':
      return `analysis${
        step.templates?.length ? `: ${step.templates.join(', ')}` : ''
      }`;
    default:
      return 'step';
  }
}

const PHASE_COLOR: Record<string, 'success' | 'error' | 'warning' | 'default'> =
  {
    Successful: 'success',
    Failed: 'error',
    Error: 'error',
    Inconclusive: 'warning',
    Running: 'warning',
  };

const STEP_COLOR: Record<
  RolloutStep['state'],
  'success' | 'primary' | 'default'
> = { done: 'success', current: 'primary', pending: 'default' };

/** The canary: its steps, the traffic split and the analysis results. */
export function RolloutProgress(props: { rollout: RolloutState }) {
  const { rollout } = props;
  return (
    <Box data-testid="rollout">
      <Typography variant="subtitle2" gutterBottom>
        Rollout {rollout.name}: {rollout.phase ?? rollout.health}
      </Typography>
      {rollout.aborted && (
        <Alert severity="error" sx={{ mb: 1 }}>
          Canary aborted{rollout.message ? `: ${rollout.message}` : ''}. Traffic
          is back on the stable version.
        </Alert>
      )}
      {rollout.paused && !rollout.aborted && (
        <Alert severity="info" sx={{ mb: 1 }}>
          Paused ({rollout.pauseReasons.join(', ')}).
        </Alert>
      )}
      <Box
        sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.5, mb: 1 }}
        aria-label="canary steps"
      >
        {rollout.steps.map(step => (
          <Chip
            key={step.index}
            size="small"
            label={`${step.index + 1}. ${stepLabel(step)}`}
            color={STEP_COLOR[step.state]}
            variant={step.state === 'pending' ? 'outlined' : 'filled'}
            aria-current={step.state === 'current' ? 'step' : undefined}
          />
        ))}
      </Box>
      <Typography variant="caption">
        canary {rollout.weights.canary}% · stable {rollout.weights.stable}%
      </Typography>
      <LinearProgress
        variant="determinate"
        value={rollout.weights.canary}
        aria-label="canary weight"
        sx={{ height: 8, borderRadius: 1, mb: 1 }}
      />
      {(rollout.canaryImage || rollout.stableImage) && (
        <Typography variant="caption" component="div">
          stable {rollout.stableImage ?? '—'}
          {rollout.canaryImage ? ` · canary ${rollout.canaryImage}` : ''}
        </Typography>
      )}
      {rollout.analysisRuns.map(run => (
        <Box key={run.name} sx={{ mt: 1 }}>
          <Typography variant="caption" component="div">
            Analysis {run.name}:{' '}
            <Chip
              size="small"
              label={run.phase}
              color={PHASE_COLOR[run.phase] ?? 'default'}
            />
            {run.message ? ` ${run.message}` : ''}
          </Typography>
          {run.metrics.map(metric => (
            <Typography
              key={metric.name}
              variant="caption"
              component="div"
              sx={{ pl: 2 }}
            >
              {metric.name}: {metric.phase} ({metric.successful ?? 0} ok,{' '}
              {metric.failed ?? 0} failed
              {metric.lastValue !== undefined
                ? `, last ${metric.lastValue}`
                : ''}
              )
            </Typography>
          ))}
        </Box>
      ))}
    </Box>
  );
}
