import { Fragment, useEffect, useState } from 'react';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import FormControlLabel from '@mui/material/FormControlLabel';
import IconButton from '@mui/material/IconButton';
import MenuItem from '@mui/material/MenuItem';
import Switch from '@mui/material/Switch';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import useInterval from 'react-use/esm/useInterval';
import type {
  LogLevel,
  LogLine,
  TimeWindow,
} from '@internal/plugin-observability-common';
import {
  CardError,
  observabilityApiRef,
  useObservabilityCall,
} from '@internal/plugin-observability-react';

/** The levels offered as filters (trace and fatal are rare in our services). */
const LEVEL_FILTERS: LogLevel[] = ['debug', 'info', 'warn', 'error'];
const PAGE_SIZE = 100;
/** How often live tail asks again. */
export const TAIL_INTERVAL_MS = 5000;

/** The trace whose lines the card shows ("logs of this trace"). */
export interface LogTraceFocus {
  traceId: string;
  environment?: string;
  /** ISO times around the trace. */
  start: string;
  end: string;
}

const LEVEL_COLOURS: Record<string, string> = {
  fatal: 'error.dark',
  error: 'error.main',
  warn: 'warning.main',
  info: 'info.main',
  debug: 'text.secondary',
  trace: 'text.disabled',
};

function LevelChip(props: { level: string }) {
  const colour = LEVEL_COLOURS[props.level] ?? 'text.secondary';
  return (
    <Box
      component="span"
      sx={{
        color: colour,
        border: 1,
        borderColor: colour,
        borderRadius: 1,
        px: 0.5,
        fontSize: '0.75rem',
        fontWeight: 600,
        textTransform: 'uppercase',
      }}
    >
      {props.level}
    </Box>
  );
}

function LogRow(props: { line: LogLine }) {
  const { line } = props;
  const [open, setOpen] = useState(false);
  return (
    <Fragment>
      <TableRow
        data-testid="log-row"
        data-level={line.level}
        data-trace-id={line.traceId ?? ''}
        hover
        onClick={() => setOpen(!open)}
        sx={{ cursor: 'pointer', '& td': { verticalAlign: 'top' } }}
      >
        <TableCell sx={{ whiteSpace: 'nowrap' }}>
          <IconButton
            size="small"
            aria-label={open ? 'Hide fields' : 'Show all fields'}
            aria-expanded={open}
            onClick={e => {
              e.stopPropagation();
              setOpen(!open);
            }}
          >
            {open ? '▾' : '▸'}
          </IconButton>
          {new Date(line.timestamp).toLocaleTimeString()}
        </TableCell>
        <TableCell>
          <LevelChip level={line.level} />
        </TableCell>
        <TableCell sx={{ fontFamily: 'monospace', wordBreak: 'break-word' }}>
          {line.message}
        </TableCell>
        <TableCell sx={{ fontFamily: 'monospace', fontSize: '0.75rem' }}>
          {line.pod}
        </TableCell>
      </TableRow>
      {open && (
        <TableRow data-testid="log-fields">
          <TableCell colSpan={4}>
            <Table size="small" aria-label="Fields of the line">
              <TableBody>
                {Object.entries(line.fields)
                  .sort(([a], [b]) => a.localeCompare(b))
                  .map(([key, value]) => (
                    <TableRow key={key}>
                      <TableCell
                        sx={{ fontFamily: 'monospace', width: '30%' }}
                        component="th"
                      >
                        {key}
                      </TableCell>
                      <TableCell
                        sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}
                      >
                        {value}
                      </TableCell>
                    </TableRow>
                  ))}
              </TableBody>
            </Table>
          </TableCell>
        </TableRow>
      )}
    </Fragment>
  );
}

/**
 * The service's log lines from Elasticsearch: one environment, the tab's
 * window (or the focused trace's), level and free-text filters, older
 * pages on demand, a live tail that asks again every few seconds, and a
 * link to the same search in Kibana.
 */
export function LogSearchCard(props: {
  entityRef: string;
  window: TimeWindow;
  environments: string[];
  trace?: LogTraceFocus;
  onClearTrace?: () => void;
}) {
  const { entityRef, window, environments, trace, onClearTrace } = props;
  const api = useApi(observabilityApiRef);
  const [environment, setEnvironment] = useState(
    environments.includes('prod') ? 'prod' : environments[0] ?? '',
  );
  const [levels, setLevels] = useState<LogLevel[]>([]);
  const [draft, setDraft] = useState('');
  const [text, setText] = useState('');
  const [tail, setTail] = useState(false);
  const [older, setOlder] = useState<LogLine[]>([]);
  const [cursor, setCursor] = useState<string | undefined>();
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [olderError, setOlderError] = useState<Error | undefined>();

  // A focused trace brings its own environment.
  useEffect(() => {
    if (trace?.environment && environments.includes(trace.environment)) {
      setEnvironment(trace.environment);
    }
  }, [trace, environments]);

  const query = {
    environment: (trace?.environment && environments.includes(trace.environment)
      ? trace.environment
      : environment) as string,
    ...(trace
      ? { start: trace.start, end: trace.end, traceId: trace.traceId }
      : { window }),
    levels,
    q: text || undefined,
    limit: PAGE_SIZE,
  };
  const key = JSON.stringify(query);
  const { value, loading, error, retry } = useObservabilityCall(
    a => a.searchLogs(entityRef, query),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [entityRef, key],
  );
  useEffect(() => {
    setOlder([]);
    setCursor(undefined);
    setOlderError(undefined);
  }, [key, value]);
  useInterval(retry, tail && !trace ? TAIL_INTERVAL_MS : null);

  const nextCursor = cursor ?? value?.nextCursor;
  const loadOlder = async () => {
    if (!nextCursor) return;
    setLoadingOlder(true);
    setOlderError(undefined);
    try {
      const page = await api.searchLogs(entityRef, {
        ...query,
        cursor: nextCursor,
      });
      setOlder(lines => [...lines, ...page.lines]);
      setCursor(page.nextCursor ?? '');
    } catch (e) {
      setOlderError(e as Error);
    } finally {
      setLoadingOlder(false);
    }
  };
  const lines = value ? [...value.lines, ...older] : [];

  return (
    <InfoCard
      title="Logs"
      subheader={
        value && `Elasticsearch · ${value.service} · ${value.environment}`
      }
      deepLink={
        value?.kibanaUrl
          ? { title: 'Open in Kibana', link: value.kibanaUrl }
          : undefined
      }
    >
      <Box
        component="form"
        onSubmit={e => {
          e.preventDefault();
          setText(draft.trim());
        }}
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
          value={query.environment}
          disabled={!!trace?.environment}
          onChange={e => setEnvironment(e.target.value)}
          sx={{ minWidth: 140 }}
        >
          {environments.map(env => (
            <MenuItem key={env} value={env}>
              {env}
            </MenuItem>
          ))}
        </TextField>
        <ToggleButtonGroup
          size="small"
          value={levels}
          onChange={(_, chosen: LogLevel[]) => setLevels(chosen)}
          aria-label="Levels"
        >
          {LEVEL_FILTERS.map(level => (
            <ToggleButton key={level} value={level}>
              {level}
            </ToggleButton>
          ))}
        </ToggleButtonGroup>
        <TextField
          size="small"
          label="Search"
          placeholder='"statement timeout" -debug'
          value={draft}
          onChange={e => setDraft(e.target.value)}
          inputProps={{ maxLength: 500, 'aria-label': 'Search the logs' }}
          sx={{ minWidth: 260, flexGrow: 1 }}
        />
        <Button type="submit" variant="outlined" size="small">
          Search
        </Button>
        <FormControlLabel
          control={
            <Switch
              checked={tail}
              disabled={!!trace}
              onChange={(_, checked) => setTail(checked)}
            />
          }
          label="Live tail"
        />
      </Box>
      {trace && (
        <Box sx={{ mb: 1 }}>
          <Chip
            data-testid="log-trace-filter"
            label={`trace ${trace.traceId}`}
            onDelete={onClearTrace}
          />
        </Box>
      )}
      {loading && !value && <Progress />}
      {error && <CardError error={error} what="logs" onRetry={retry} />}
      {value?.partial && (
        <Typography variant="body2" color="warning.main">
          Elasticsearch ran out of time: some lines may be missing.
        </Typography>
      )}
      {value && lines.length === 0 && (
        <Typography color="text.secondary">
          No log lines match in this {trace ? 'trace' : 'window'}.
        </Typography>
      )}
      {lines.length > 0 && (
        <Table size="small" aria-label="Log lines">
          <TableHead>
            <TableRow>
              <TableCell>Time</TableCell>
              <TableCell>Level</TableCell>
              <TableCell>Message</TableCell>
              <TableCell>Pod</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {lines.map(line => (
              <LogRow key={line.id} line={line} />
            ))}
          </TableBody>
        </Table>
      )}
      {olderError && (
        <CardError error={olderError} what="older lines" onRetry={loadOlder} />
      )}
      {nextCursor && (
        <Button onClick={loadOlder} disabled={loadingOlder} sx={{ mt: 1 }}>
          {loadingOlder ? 'Loading…' : 'Load older lines'}
        </Button>
      )}
    </InfoCard>
  );
}
