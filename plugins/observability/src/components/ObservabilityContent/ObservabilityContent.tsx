import { readEnvironments } from '@internal/environments';
import { useState } from 'react';
import { configApiRef, useApi } from '@backstage/frontend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { ErrorBoundary } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@mui/material/Box';
import Grid from '@mui/material/Grid';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import {
  GRAFANA_ALERT_LABEL_SELECTOR,
  GRAFANA_DASHBOARD_SELECTOR,
  JAEGER_SERVICE,
  TIME_WINDOWS,
  TimeWindow,
  TraceRow,
} from '@internal/plugin-observability-common';
import { AlertsCard } from '../AlertsCard';
import { DashboardsCard } from '../DashboardsCard';
import { LogsCard } from '../LogsCard';
import { LogSearchCard, LogTraceFocus } from '../LogSearchCard';
import { SliChartsCard } from '../SliCharts';
import { TRACE_LIMITS, TracesCard } from '../TracesCard';

/** `?traces=200` opens the tab with that many traces (a shareable link). */
function initialTraceLimit(): number | undefined {
  const wanted = Number(
    new URLSearchParams(globalThis.location?.search ?? '').get('traces'),
  );
  return TRACE_LIMITS.includes(wanted) ? wanted : undefined;
}

/** The environments the backend serves (frontend-visible config). */
export function useEnvironments(): string[] {
  const config = useApi(configApiRef);
  return (
    config.getOptionalStringArray('observability.environments') ??
    readEnvironments(config).names()
  );
}

/**
 * The Observability tab: alerts, SLI charts, traces, dashboards and log
 * links of the entity over one time window. Every card loads and fails on
 * its own, a rendering error included (one error boundary per card).
 */
export function ObservabilityContent() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const annotations = entity.metadata.annotations ?? {};
  const environments = useEnvironments();
  const [window, setWindow] = useState<TimeWindow>('1h');
  const [logTrace, setLogTrace] = useState<LogTraceFocus | undefined>();
  const showTraceLogs = (trace: TraceRow) => {
    const start = Date.parse(trace.startTime);
    // A minute either side: the lines of a request land around its spans.
    setLogTrace({
      traceId: trace.traceId,
      environment: trace.environment,
      start: new Date(start - 60_000).toISOString(),
      end: new Date(start + trace.durationMs + 60_000).toISOString(),
    });
    globalThis.document
      ?.getElementById('observability-logs')
      ?.scrollIntoView?.({ behavior: 'smooth' });
  };

  return (
    <Box>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mb: 2 }}>
        <Typography variant="body2" color="text.secondary">
          Time window
        </Typography>
        <ToggleButtonGroup
          size="small"
          exclusive
          value={window}
          onChange={(_, value) => value && setWindow(value)}
          aria-label="Time window"
        >
          {TIME_WINDOWS.map(w => (
            <ToggleButton key={w} value={w}>
              {w}
            </ToggleButton>
          ))}
        </ToggleButtonGroup>
      </Box>
      <Grid container spacing={2}>
        {annotations[GRAFANA_ALERT_LABEL_SELECTOR] && (
          <Grid item xs={12} lg={8}>
            <ErrorBoundary>
              <AlertsCard entityRef={entityRef} />
            </ErrorBoundary>
          </Grid>
        )}
        <Grid item xs={12} lg={4}>
          <ErrorBoundary>
            <LogsCard entityRef={entityRef} window={window} />
          </ErrorBoundary>
        </Grid>
        <Grid item xs={12}>
          <ErrorBoundary>
            <SliChartsCard entityRef={entityRef} window={window} />
          </ErrorBoundary>
        </Grid>
        {annotations[JAEGER_SERVICE] && (
          <Grid item xs={12}>
            <ErrorBoundary>
              <TracesCard
                entityRef={entityRef}
                window={window}
                environments={environments}
                defaultLimit={initialTraceLimit()}
                onShowLogs={showTraceLogs}
              />
            </ErrorBoundary>
          </Grid>
        )}
        <Grid item xs={12} id="observability-logs">
          <ErrorBoundary>
            <LogSearchCard
              entityRef={entityRef}
              window={window}
              environments={environments}
              trace={logTrace}
              onClearTrace={() => setLogTrace(undefined)}
            />
          </ErrorBoundary>
        </Grid>
        {annotations[GRAFANA_DASHBOARD_SELECTOR] && (
          <Grid item xs={12}>
            <ErrorBoundary>
              <DashboardsCard entityRef={entityRef} window={window} />
            </ErrorBoundary>
          </Grid>
        )}
      </Grid>
    </Box>
  );
}
