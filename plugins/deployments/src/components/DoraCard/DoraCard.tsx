import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import CardHeader from '@mui/material/CardHeader';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { useTheme } from '@mui/material/styles';
import {
  DORA_WINDOWS,
  DoraMetrics,
  DoraTrendPoint,
  DoraWindow,
} from '@internal/plugin-deployments-common';
import { useEffect, useRef, useState } from 'react';
import { deploymentsApiRef, errorMessage } from '../../api';

/** A duration in words: `45 s`, `30 min`, `1 h 40 min`, `2 d 4 h`. */
export function duration(seconds: number | undefined): string {
  if (seconds === undefined) return '–';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 24) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

function frequency(m: DoraMetrics): string {
  if (!m.deployments) return 'none';
  const perDay = m.deployments / m.days;
  if (perDay >= 1) return `${Math.round(perDay * 10) / 10} per day`;
  const perWeek = perDay * 7;
  return `${Math.round(perWeek * 10) / 10} per week`;
}

function Key(props: {
  id: string;
  title: string;
  value: string;
  detail: string;
}) {
  return (
    <Box data-testid={`dora-${props.id}`} sx={{ minWidth: 140, flex: 1 }}>
      <Typography variant="caption" color="text.secondary">
        {props.title}
      </Typography>
      <Typography variant="h6">{props.value}</Typography>
      <Typography variant="caption" component="div">
        {props.detail}
      </Typography>
    </Box>
  );
}

/** Deployments per bucket as bars, the failed part in the error colour. */
function Trend(props: { points: DoraTrendPoint[] }) {
  const theme = useTheme();
  const { points } = props;
  const max = Math.max(1, ...points.map(p => p.deployments));
  const width = 12;
  const gap = 4;
  const height = 40;
  return (
    <svg
      role="img"
      aria-label={`Production deployments per period: ${points
        .map(p => p.deployments)
        .join(', ')}`}
      width={points.length * (width + gap)}
      height={height}
      data-testid="dora-trend"
    >
      {points.map((p, i) => {
        const h = (p.deployments / max) * (height - 2);
        const f = (p.failures / max) * (height - 2);
        return (
          <g key={p.start}>
            <title>{`${p.start.slice(0, 10)}: ${p.deployments} deployments, ${
              p.failures
            } failed`}</title>
            <rect
              x={i * (width + gap)}
              y={height - Math.max(h, 1)}
              width={width}
              height={Math.max(h, 1)}
              fill={
                p.deployments
                  ? theme.palette.primary.main
                  : theme.palette.divider
              }
            />
            {p.failures > 0 && (
              <rect
                x={i * (width + gap)}
                y={height - f}
                width={width}
                height={f}
                fill={theme.palette.error.main}
              />
            )}
          </g>
        );
      })}
    </svg>
  );
}

/**
 * The four DORA keys of a service (or, for a Group, its team's services)
 * in production over 7, 30 or 90 days, from the portal's own records.
 */
export function DoraCard(props: {
  entityRef: string;
  /** Changes when the caller knows something happened (a signal, a poll). */
  refreshKey?: number;
}) {
  const { entityRef, refreshKey } = props;
  const api = useApi(deploymentsApiRef);
  const [days, setDays] = useState<DoraWindow>(30);
  const [metrics, setMetrics] = useState<DoraMetrics>();
  const [error, setError] = useState<string>();
  const latest = useRef(0);

  useEffect(() => {
    const call = ++latest.current;
    api.getDora(entityRef, days).then(
      m => {
        if (call !== latest.current) return;
        setMetrics(m);
        setError(undefined);
      },
      e => {
        if (call === latest.current) setError(errorMessage(e));
      },
    );
  }, [api, entityRef, days, refreshKey]);

  const team = entityRef.toLocaleLowerCase('en-US').startsWith('group:');
  return (
    <Card sx={{ mb: 2 }} data-testid="dora-card">
      <CardHeader
        title="DORA metrics"
        subheader={
          team
            ? `Production, the team's ${
                metrics ? metrics.services.length : ''
              } services`
            : 'Production'
        }
        action={
          <ToggleButtonGroup
            size="small"
            exclusive
            value={days}
            onChange={(_e, value) => value && setDays(value)}
            aria-label="window"
          >
            {DORA_WINDOWS.map(d => (
              <ToggleButton key={d} value={d}>
                {d} days
              </ToggleButton>
            ))}
          </ToggleButtonGroup>
        }
      />
      <CardContent>
        {error && <Alert severity="error">{error}</Alert>}
        {!metrics && !error && <Typography>Loading…</Typography>}
        {metrics && (
          <>
            <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, mb: 2 }}>
              <Key
                id="deployments"
                title="Deployment frequency"
                value={frequency(metrics)}
                detail={`${metrics.deployments} deployment${
                  metrics.deployments === 1 ? '' : 's'
                } in ${metrics.days} days`}
              />
              <Key
                id="lead-time"
                title="Lead time for changes"
                value={duration(metrics.leadTimeSeconds)}
                detail="median, commit -> running in production"
              />
              <Key
                id="change-failure-rate"
                title="Change failure rate"
                value={
                  metrics.changeFailureRate === undefined
                    ? '–'
                    : `${Math.round(metrics.changeFailureRate * 100)} %`
                }
                detail={`${metrics.failures} aborted or rolled back`}
              />
              <Key
                id="time-to-restore"
                title="Time to restore"
                value={duration(metrics.timeToRestoreSeconds)}
                detail={
                  metrics.unrestored
                    ? `median; ${metrics.unrestored} not restored yet`
                    : 'median, failure -> healthy again'
                }
              />
            </Box>
            <Trend points={metrics.trend} />
          </>
        )}
      </CardContent>
    </Card>
  );
}

/** The card for the entity page's overview: the entity in context. */
export function EntityDoraCard() {
  const { entity } = useEntity();
  return <DoraCard entityRef={stringifyEntityRef(entity)} />;
}
