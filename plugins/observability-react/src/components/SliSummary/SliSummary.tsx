import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Skeleton from '@mui/material/Skeleton';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type {
  EnvironmentSlis,
  SliRole,
  TimeWindow,
} from '@internal/plugin-observability-common';
import { useObservabilityCall } from '../../hooks/useObservabilityCall';
import { CardError } from '../CardError';
import {
  formatPercent,
  formatRate,
  formatSeconds,
  shortRevision,
} from '../format';
import { SliChart } from '../SliChart';

export interface SliSummaryProps {
  /** The entity, e.g. `component:default/payments-api`. */
  entityRef: string;
  /** The environment of the rollout, e.g. `prod`. */
  environment: string;
  /** Pod template hash of the stable ReplicaSet, when a rollout is in flight. */
  stable?: string;
  /** Pod template hash of the canary ReplicaSet. */
  canary?: string;
  /** How far back the chart looks; default `1h`. */
  window?: TimeWindow;
  /** Hide the error-ratio chart (numbers only). */
  compact?: boolean;
}

/**
 * A canary is clearly worse when its error ratio is over 1 % and more than
 * twice the stable one's; the decision stays with the person, this only
 * points at the numbers.
 */
export function canaryVerdict(
  slis: EnvironmentSlis,
): 'worse' | 'ok' | undefined {
  const canary = slis.latest.errorRatio.canary;
  const stable = slis.latest.errorRatio.stable;
  if (canary === undefined || canary === null) {
    return undefined;
  }
  return canary > 0.01 && canary > 2 * (stable ?? 0) ? 'worse' : 'ok';
}

const ROWS: Array<{
  label: string;
  name: keyof EnvironmentSlis['latest'];
  format: (v: number | null | undefined) => string;
}> = [
  { label: 'Error ratio', name: 'errorRatio', format: formatPercent },
  { label: 'Latency p95', name: 'latencyP95', format: formatSeconds },
  { label: 'Latency p99', name: 'latencyP99', format: formatSeconds },
  { label: 'Requests', name: 'requestRate', format: formatRate },
];

/**
 * The SLIs of one environment at a glance, canary beside stable while a
 * rollout runs: what the Deployments tab shows next to promote and roll back.
 */
export function SliSummary(props: SliSummaryProps) {
  const {
    entityRef,
    environment,
    stable,
    canary,
    window = '1h',
    compact,
  } = props;
  const { value, loading, error, retry } = useObservabilityCall(
    api =>
      api.getSlis(entityRef, {
        window,
        environment,
        stable: canary ? stable : undefined,
        canary: stable ? canary : undefined,
      }),
    [entityRef, environment, stable, canary, window],
  );
  if (error) {
    return <CardError error={error} what="SLIs" onRetry={retry} />;
  }
  if (loading && !value) {
    return <Skeleton variant="rectangular" height={compact ? 120 : 240} />;
  }
  const slis = value?.environments[0];
  if (!slis) {
    return null;
  }
  if (slis.error) {
    return (
      <Alert severity="warning">
        Prometheus ({environment}): {slis.error.message}
      </Alert>
    );
  }
  const roles: SliRole[] = slis.series.errorRatio.some(s => s.role === 'canary')
    ? ['canary', 'stable']
    : ['total'];
  const revisionOf = (role: SliRole) =>
    slis.series.errorRatio.find(s => s.role === role)?.revision;
  const verdict = canaryVerdict(slis);

  return (
    <Box
      data-testid={`sli-summary-${environment}`}
      aria-label={`SLI summary ${environment}`}
    >
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 0.5 }}>
        <Typography variant="subtitle2">
          SLIs in {environment} (last {window})
        </Typography>
        {verdict === 'worse' && (
          <Chip size="small" color="error" label="canary is failing more" />
        )}
        {verdict === 'ok' && (
          <Chip size="small" color="success" label="canary looks healthy" />
        )}
      </Box>
      <Table size="small" aria-label={`SLIs ${environment}`}>
        <TableHead>
          <TableRow>
            <TableCell />
            {roles.map(role => (
              <TableCell key={role} align="right">
                {role === 'total'
                  ? 'all traffic'
                  : `${role} ${shortRevision(revisionOf(role))}`}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {ROWS.map(row => (
            <TableRow key={row.name}>
              <TableCell component="th" scope="row">
                {row.label}
              </TableCell>
              {roles.map(role => (
                <TableCell key={role} align="right">
                  {row.format(slis.latest[row.name][role])}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {!compact && (
        <SliChart
          title="Error ratio"
          testId={`sli-summary-chart-${environment}`}
          groups={[{ series: slis.series.errorRatio }]}
          scale={100}
          unit="%"
          height={140}
        />
      )}
    </Box>
  );
}
