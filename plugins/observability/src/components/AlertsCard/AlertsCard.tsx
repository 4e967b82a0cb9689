import { useState } from 'react';
import { InfoCard, Link, Progress } from '@backstage/core-components';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type {
  AlertItem,
  AlertState,
} from '@internal/plugin-observability-common';
import {
  CardError,
  useObservabilityCall,
} from '@internal/plugin-observability-react';
import { formatAgo } from '../format';

const STATE_COLORS: Record<
  AlertState,
  'error' | 'warning' | 'info' | 'default'
> = {
  firing: 'error',
  pending: 'warning',
  recovering: 'info',
  inactive: 'default',
};

export function AlertStateChip(props: { state: AlertState }) {
  return (
    <Chip
      size="small"
      label={props.state}
      color={STATE_COLORS[props.state]}
      variant={props.state === 'inactive' ? 'outlined' : 'filled'}
    />
  );
}

function AlertRow(props: { alert: AlertItem }) {
  const { alert } = props;
  return (
    <TableRow data-testid="alert-row" data-state={alert.state}>
      <TableCell>
        <AlertStateChip state={alert.state} />
      </TableCell>
      <TableCell>
        {alert.url ? (
          <Link to={alert.url} target="_blank" rel="noopener">
            {alert.name}
          </Link>
        ) : (
          alert.name
        )}
        {alert.summary && (
          <Typography variant="caption" component="div" color="text.secondary">
            {alert.summary}
          </Typography>
        )}
      </TableCell>
      <TableCell>{alert.labels.environment ?? '–'}</TableCell>
      <TableCell>
        {alert.since ? (
          <span title={new Date(alert.since).toLocaleString()}>
            since {formatAgo(alert.since)}
          </span>
        ) : (
          '–'
        )}
      </TableCell>
      <TableCell>{alert.value ?? ''}</TableCell>
    </TableRow>
  );
}

/** The entity's Grafana alert rules: firing and pending ones with since when, the rest on demand. */
export function AlertsCard(props: { entityRef: string }) {
  const { entityRef } = props;
  const [showAll, setShowAll] = useState(false);
  const { value, loading, error, retry } = useObservabilityCall(
    api => api.getAlerts(entityRef),
    [entityRef],
  );
  const active = value?.alerts.filter(
    a => a.state === 'firing' || a.state === 'pending',
  );
  const shown = showAll ? value?.alerts : active;

  return (
    <InfoCard title="Alerts" subheader={value?.selector}>
      {loading && !value && <Progress />}
      {error && <CardError error={error} what="alerts" onRetry={retry} />}
      {value?.errors.map(problem => (
        <Alert key={problem.source} severity="warning" sx={{ mb: 1 }}>
          Grafana {problem.source}: {problem.message}
        </Alert>
      ))}
      {value && active!.length === 0 && (
        <Typography color="text.secondary" sx={{ mb: 1 }}>
          Nothing firing or pending ({value.alerts.length} rules).
        </Typography>
      )}
      {shown && shown.length > 0 && (
        <Table size="small" aria-label="Alert rules">
          <TableHead>
            <TableRow>
              <TableCell>State</TableCell>
              <TableCell>Rule</TableCell>
              <TableCell>Environment</TableCell>
              <TableCell>Since</TableCell>
              <TableCell>Value</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {shown.map(alert => (
              <AlertRow
                key={`${alert.instance}/${alert.uid ?? alert.name}`}
                alert={alert}
              />
            ))}
          </TableBody>
        </Table>
      )}
      {value && value.alerts.length > active!.length && (
        <Button size="small" onClick={() => setShowAll(s => !s)}>
          {showAll
            ? 'Only firing and pending'
            : `Show all ${value.alerts.length} rules`}
        </Button>
      )}
    </InfoCard>
  );
}
