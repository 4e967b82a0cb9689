import type {
  AlertsResponse,
  DashboardsResponse,
  EnvironmentSlis,
  LogLine,
  LogSearchResponse,
  LogsResponse,
  SliSeries,
  SlisResponse,
  TraceRow,
  TracesResponse,
} from '@internal/plugin-observability-common';
import type { ObservabilityApi } from '../api';

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

const points = (value: number, n = 5): Array<[number, number]> =>
  Array.from({ length: n }, (_, i) => [NOW - (n - i) * 60_000, value]);

/** An environment's SLIs, with a canary when `canary` error ratio is given. */
export function environmentSlis(
  environment: string,
  canary?: number,
): EnvironmentSlis {
  const split = (total: number, c?: number): SliSeries[] => [
    { role: 'total', points: points(total) },
    { role: 'stable', revision: 'stab1e0001', points: points(total) },
    ...(c === undefined
      ? []
      : [
          {
            role: 'canary' as const,
            revision: 'canary0002',
            points: points(c, 3),
          },
        ]),
  ];
  return {
    environment,
    series: {
      requestRate: split(40, canary === undefined ? undefined : 4),
      errorRatio: split(canary === undefined ? 0.003 : 0.062, canary),
      latencyP95: split(0.12, canary === undefined ? undefined : 0.2),
      latencyP99: split(0.25, canary === undefined ? undefined : 0.45),
    },
    latest: {
      requestRate: {
        total: 40,
        stable: 36,
        canary: canary === undefined ? undefined : 4,
      },
      errorRatio: {
        total: canary === undefined ? 0.003 : 0.062,
        stable: 0.003,
        canary,
      },
      latencyP95: {
        total: 0.12,
        stable: 0.12,
        canary: canary === undefined ? undefined : 0.2,
      },
      latencyP99: {
        total: 0.25,
        stable: 0.25,
        canary: canary === undefined ? undefined : 0.45,
      },
    },
  };
}

export const slisResponse = (
  environments: EnvironmentSlis[],
): SlisResponse => ({
  service: 'payments-api',
  start: new Date(NOW - 3_600_000).toISOString(),
  end: new Date(NOW).toISOString(),
  stepSeconds: 30,
  environments,
});

export function mockApi(
  overrides: Partial<jest.Mocked<ObservabilityApi>> = {},
): jest.Mocked<ObservabilityApi> {
  return {
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
  };
}
