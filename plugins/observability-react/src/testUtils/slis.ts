import type {
  EnvironmentSlis,
  SliSeries,
  SlisResponse,
} from '@internal/plugin-observability-common';

const NOW = Date.now();

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
