import { useState } from 'react';
import { InfoCard, Link, Progress } from '@backstage/core-components';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import FormControlLabel from '@mui/material/FormControlLabel';
import MenuItem from '@mui/material/MenuItem';
import Switch from '@mui/material/Switch';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type {
  TimeWindow,
  TraceRow,
} from '@internal/plugin-observability-common';
import {
  CardError,
  useObservabilityCall,
} from '@internal/plugin-observability-react';
import { formatMs } from '../format';
import { TraceScatter } from './TraceScatter';

export const TRACE_LIMITS = [20, 50, 100, 200];

function TraceTableRow(props: {
  trace: TraceRow;
  onShowLogs?: (trace: TraceRow) => void;
}) {
  const { trace, onShowLogs } = props;
  return (
    <TableRow
      data-testid="trace-row"
      data-error={trace.error ? 'true' : 'false'}
    >
      <TableCell>
        <Link
          to={trace.traceUrl}
          target="_blank"
          rel="noopener"
          title={trace.traceId}
        >
          {trace.rootOperation}
        </Link>
      </TableCell>
      <TableCell>{new Date(trace.startTime).toLocaleTimeString()}</TableCell>
      <TableCell align="right">{formatMs(trace.durationMs)}</TableCell>
      <TableCell align="right">{trace.spanCount}</TableCell>
      <TableCell>
        {trace.error ? (
          <Chip
            size="small"
            color="error"
            label={`${trace.errorSpanCount} errors`}
          />
        ) : (
          <Typography variant="body2" color="text.secondary">
            ok
          </Typography>
        )}
      </TableCell>
      <TableCell>
        <Box sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
          {onShowLogs && (
            <Button
              size="small"
              onClick={() => onShowLogs(trace)}
              aria-label="Logs of this trace"
            >
              logs here
            </Button>
          )}
          {trace.logsUrl && (
            <Link to={trace.logsUrl} target="_blank" rel="noopener">
              logs
            </Link>
          )}
        </Box>
      </TableCell>
    </TableRow>
  );
}

/** Recent Jaeger traces: a latency scatter, then the list with deep links to Jaeger and the logs. */
export function TracesCard(props: {
  entityRef: string;
  window: TimeWindow;
  environments: string[];
  defaultLimit?: number;
  /** "Logs of this trace": shows the trace's lines in the Logs card. */
  onShowLogs?: (trace: TraceRow) => void;
}) {
  const { entityRef, window, environments } = props;
  const [environment, setEnvironment] = useState('');
  const [errorsOnly, setErrorsOnly] = useState(false);
  const [limit, setLimit] = useState(props.defaultLimit ?? 50);
  const { value, loading, error, retry } = useObservabilityCall(
    api =>
      api.getTraces(entityRef, {
        window,
        environment: environment || undefined,
        limit,
        errorsOnly,
      }),
    [entityRef, window, environment, limit, errorsOnly],
  );

  return (
    <InfoCard
      title="Recent traces"
      subheader={value && `Jaeger · ${value.service}`}
      deepLink={
        value ? { title: 'Search in Jaeger', link: value.searchUrl } : undefined
      }
    >
      <Box
        sx={{
          display: 'flex',
          gap: 2,
          alignItems: 'center',
          flexWrap: 'wrap',
          mb: 1,
        }}
      >
        <TextField
          select
          size="small"
          label="Environment"
          data-testid="traces-environment"
          value={environment}
          onChange={e => setEnvironment(e.target.value)}
          sx={{ minWidth: 140 }}
        >
          <MenuItem value="">all</MenuItem>
          {environments.map(env => (
            <MenuItem key={env} value={env}>
              {env}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          size="small"
          label="Traces"
          value={limit}
          onChange={e => setLimit(Number(e.target.value))}
          sx={{ minWidth: 100 }}
        >
          {TRACE_LIMITS.map(n => (
            <MenuItem key={n} value={n}>
              {n}
            </MenuItem>
          ))}
        </TextField>
        <FormControlLabel
          control={
            <Switch
              checked={errorsOnly}
              onChange={(_, checked) => setErrorsOnly(checked)}
            />
          }
          label="Errors only"
        />
      </Box>
      {loading && !value && <Progress />}
      {error && <CardError error={error} what="traces" onRetry={retry} />}
      {value && value.traces.length === 0 && (
        <Typography color="text.secondary">
          No {errorsOnly ? 'failed ' : ''}traces in this window.
        </Typography>
      )}
      {value && value.traces.length > 0 && (
        <>
          <TraceScatter traces={value.traces} />
          <Table size="small" aria-label="Traces">
            <TableHead>
              <TableRow>
                <TableCell>Operation</TableCell>
                <TableCell>Start</TableCell>
                <TableCell align="right">Duration</TableCell>
                <TableCell align="right">Spans</TableCell>
                <TableCell>Errors</TableCell>
                <TableCell>Logs</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {value.traces.map(trace => (
                <TraceTableRow
                  key={trace.traceId}
                  trace={trace}
                  onShowLogs={props.onShowLogs}
                />
              ))}
            </TableBody>
          </Table>
        </>
      )}
    </InfoCard>
  );
}
