import type {
  AlertsResponse,
  DashboardsResponse,
  LogLine,
  LogSearchResponse,
  LogsResponse,
  TraceRow,
  TracesResponse,
} from '@internal/plugin-observability-common';
import type { ObservabilityApi } from '@internal/plugin-observability-react';
import {
  environmentSlis,
  mockObservabilityApi,
  slisResponse,
} from '@internal/plugin-observability-react/testUtils';

export const ENTITY_REF = 'component:default/payments-api';
const NOW = Date.now();

export function logLine(overrides: Partial<LogLine> = {}): LogLine {
  const level = overrides.level ?? 'info';
  const message = overrides.message ?? 'GET /payments 200 12ms';
  return {
    id: `logs-prod-2026.03.02/${Math.random().toString(16).slice(2)}`,
    timestamp: new Date(NOW - 30_000).toISOString(),
    level,
    message,
    pod: 'payments-api-7c8d5f9b6-abcde',
    fields: {
      '@timestamp': new Date(NOW - 30_000).toISOString(),
      'log.level': level,
      message,
      'service.name': 'payments-api',
      'kubernetes.namespace': 'payments-api-prod',
      'kubernetes.pod.name': 'payments-api-7c8d5f9b6-abcde',
      ...(overrides.traceId ? { 'trace.id': overrides.traceId } : {}),
    },
    ...overrides,
  };
}

export const logSearchResponse = (
  lines: LogLine[],
  extra: Partial<LogSearchResponse> = {},
): LogSearchResponse => ({
  service: 'payments-api',
  environment: 'prod',
  start: new Date(NOW - 900_000).toISOString(),
  end: new Date(NOW).toISOString(),
  lines,
  kibanaUrl: 'https://kibana.example.com/app/discover#/?_g=()',
  partial: false,
  ...extra,
});

export function trace(overrides: Partial<TraceRow> = {}): TraceRow {
  const traceId = overrides.traceId ?? '0af7651916cd43dd8448eb211c80319c';
  return {
    traceId,
    rootOperation: 'POST /payments',
    rootService: 'payments-api',
    startTime: new Date(NOW - 60_000).toISOString(),
    durationMs: 123.4,
    spanCount: 5,
    errorSpanCount: 0,
    error: false,
    services: ['payments-api'],
    traceUrl: `https://jaeger.example.com/trace/${traceId}`,
    logsUrl: `https://logs.example.com/discover?q=${traceId}`,
    ...overrides,
  };
}

export const tracesResponse = (traces: TraceRow[]): TracesResponse => ({
  service: 'payments-api',
  start: new Date(NOW - 3_600_000).toISOString(),
  end: new Date(NOW).toISOString(),
  errorsOnly: false,
  searchUrl:
    'https://jaeger.example.com/search?service=payments-api&lookback=60m',
  traces,
});

export const alertsResponse: AlertsResponse = {
  selector: 'service=payments-api',
  errors: [],
  alerts: [
    {
      instance: 'default',
      uid: 'r1',
      name: 'payments-api error rate (prod)',
      state: 'firing',
      since: new Date(NOW - 4 * 60_000).toISOString(),
      labels: { service: 'payments-api', environment: 'prod' },
      summary: 'More than 5% of payments-api requests fail in prod',
      value: '6.2e-02',
      url: 'https://grafana.example.com/alerting/grafana/r1/view',
    },
    {
      instance: 'default',
      uid: 'r2',
      name: 'payments-api p99 latency (prod)',
      state: 'inactive',
      labels: { service: 'payments-api', environment: 'prod' },
    },
  ],
};

export const dashboardsResponse: DashboardsResponse = {
  selector: "tags @> 'payments-api'",
  errors: [],
  dashboards: [
    {
      instance: 'default',
      uid: 'd1',
      title: 'Payments API',
      url: 'https://grafana.example.com/d/d1/payments-api',
      folder: 'Payments',
      tags: ['payments-api'],
      panels: [
        {
          id: 1,
          title: 'Request rate',
          embedUrl:
            'https://grafana.example.com/d-solo/d1/payments-api?panelId=1',
          imagePath:
            'dashboards/panel.png?instance=default&dashboard=d1&panel=1',
        },
      ],
    },
  ],
};

export const logsResponse: LogsResponse = {
  service: 'payments-api',
  start: new Date(NOW - 3_600_000).toISOString(),
  end: new Date(NOW).toISOString(),
  links: [
    { environment: 'dev', url: 'https://logs.example.com/dev' },
    { environment: 'prod', url: 'https://logs.example.com/prod' },
  ],
};

export function mockApi(
  overrides: Partial<jest.Mocked<ObservabilityApi>> = {},
): jest.Mocked<ObservabilityApi> {
  return mockObservabilityApi({
    getDashboards: jest.fn().mockResolvedValue(dashboardsResponse),
    getPanelImage: jest
      .fn()
      .mockResolvedValue(new Blob(['png'], { type: 'image/png' })),
    getAlerts: jest.fn().mockResolvedValue(alertsResponse),
    getTraces: jest.fn().mockResolvedValue(
      tracesResponse([
        trace({ traceId: 'a'.repeat(32), error: true, errorSpanCount: 2 }),
        trace({
          traceId: 'b'.repeat(32),
          rootOperation: 'GET /payments/{id}',
        }),
      ]),
    ),
    getTrace: jest.fn(),
    getSlis: jest
      .fn()
      .mockResolvedValue(
        slisResponse([environmentSlis('dev'), environmentSlis('prod', 0.61)]),
      ),
    getLogs: jest.fn().mockResolvedValue(logsResponse),
    searchLogs: jest
      .fn()
      .mockResolvedValue(
        logSearchResponse([
          logLine({ level: 'error', message: 'SELECT payments failed' }),
          logLine({ level: 'info' }),
        ]),
      ),
    ...overrides,
  });
}
