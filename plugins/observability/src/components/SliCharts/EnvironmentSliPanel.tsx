import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Grid from '@mui/material/Grid';
import Typography from '@mui/material/Typography';
import type { EnvironmentSlis } from '@internal/plugin-observability-common';
import {
  formatPercent,
  formatRate,
  formatSeconds,
  shortRevision,
  SliChart,
} from '@internal/plugin-observability-react';

/** One environment's SLIs: the latest numbers and the error-ratio and latency charts. */
export function EnvironmentSliPanel(props: { slis: EnvironmentSlis }) {
  const { environment, series, latest, error } = props.slis;
  const canary = series.errorRatio.find(s => s.role === 'canary');
  const stable = series.errorRatio.find(s => s.role === 'stable');
  return (
    <Box
      component="section"
      aria-label={`SLIs ${environment}`}
      data-testid={`sli-${environment}`}
      data-latest-canary-error-ratio={latest.errorRatio.canary ?? ''}
      data-latest-stable-error-ratio={latest.errorRatio.stable ?? ''}
      sx={{ mb: 2 }}
    >
      <Box
        sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}
      >
        <Typography variant="h6" component="h3">
          {environment}
        </Typography>
        {canary && (
          <Chip
            size="small"
            color="warning"
            label={`canary ${shortRevision(
              canary.revision,
            )} vs stable ${shortRevision(stable?.revision)}`}
          />
        )}
        {!error && (
          <Typography variant="body2" color="text.secondary">
            {formatRate(latest.requestRate.total)} · errors{' '}
            {formatPercent(latest.errorRatio.total)} · p95{' '}
            {formatSeconds(latest.latencyP95.total)} · p99{' '}
            {formatSeconds(latest.latencyP99.total)}
          </Typography>
        )}
      </Box>
      {canary && !error && (
        <Typography variant="body2" sx={{ mt: 0.5 }}>
          Error ratio: canary{' '}
          <strong>{formatPercent(latest.errorRatio.canary)}</strong> vs stable{' '}
          <strong>{formatPercent(latest.errorRatio.stable)}</strong> · p99
          canary {formatSeconds(latest.latencyP99.canary)} vs stable{' '}
          {formatSeconds(latest.latencyP99.stable)}
        </Typography>
      )}
      {error ? (
        <Alert severity="warning" sx={{ mt: 1 }}>
          Prometheus ({environment}): {error.message}
        </Alert>
      ) : (
        <Grid container spacing={2} sx={{ mt: 0 }}>
          <Grid item xs={12} md={6}>
            <SliChart
              title="Error ratio"
              testId={`sli-chart-errorRatio-${environment}`}
              groups={[{ series: series.errorRatio }]}
              scale={100}
              unit="%"
            />
          </Grid>
          <Grid item xs={12} md={6}>
            <SliChart
              title="Latency p95 / p99"
              testId={`sli-chart-latency-${environment}`}
              groups={[
                { series: series.latencyP95, suffix: 'p95' },
                { series: series.latencyP99, suffix: 'p99', dashed: true },
              ]}
              scale={1000}
              unit=" ms"
            />
          </Grid>
        </Grid>
      )}
    </Box>
  );
}
