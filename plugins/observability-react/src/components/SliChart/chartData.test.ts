import { mergeSeries, visibleSeries } from './chartData';

describe('chart data', () => {
  const total = {
    role: 'total' as const,
    points: [
      [1000, 0.01],
      [2000, 0.02],
    ] as Array<[number, number | null]>,
  };
  const stable = {
    role: 'stable' as const,
    revision: 's',
    points: total.points,
  };
  const canary = {
    role: 'canary' as const,
    revision: 'c',
    points: [[2000, 0.5]] as Array<[number, number | null]>,
  };

  it('draws canary and stable beside the total only while a canary is in the window', () => {
    expect(visibleSeries([total, stable])).toEqual([total]);
    expect(visibleSeries([total, stable, canary])).toEqual([
      total,
      stable,
      canary,
    ]);
  });

  it('merges series by time, scaled, keeping gaps', () => {
    expect(
      mergeSeries(
        [
          { series: [total, canary] },
          { series: [{ ...canary, points: [[1000, null]] }], suffix: 'p99' },
        ],
        100,
      ),
    ).toEqual([
      { t: 1000, total: 1, 'canary:cp99': null },
      { t: 2000, total: 2, 'canary:c': 50 },
    ]);
  });
});
