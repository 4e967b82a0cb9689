import { shapeDifferences } from './sameShape';

describe('shapeDifferences', () => {
  const example = {
    status: 'success',
    data: {
      result: [{ metric: { job: 'x' }, value: [1.5, '1'] }],
    },
  };

  it('finds nothing when keys and types match, whatever the values', () => {
    expect(
      shapeDifferences(example, {
        status: 'error',
        data: {
          result: [
            { metric: { job: 'y' }, value: [2, '0.3'] },
            { metric: { job: 'z' }, value: [3, 'NaN'] },
          ],
        },
      }),
    ).toEqual([]);
  });

  it('reports missing and unexpected keys, wrong types and empty arrays', () => {
    expect(
      shapeDifferences(example, {
        status: 1,
        data: {
          result: [{ metric: { job: 'y' }, value: ['2', '1'], extra: true }],
        },
        more: [],
      }),
    ).toEqual([
      'more: not in the example',
      'status: expected string, got number',
      'data.result[].extra: not in the example',
      'data.result[].value[0]: expected number, got string',
    ]);
    expect(
      shapeDifferences(example, { status: 's', data: { result: [] } }),
    ).toEqual(["data.result: expected elements like the example's, got none"]);
  });

  it('compares only the values of maps, and allows the listed extras', () => {
    const options = {
      maps: ['data.result[].metric'],
      extras: { 'data.result[]': { since: 'a newer field' } },
    };

    expect(
      shapeDifferences(
        example,
        {
          status: 's',
          data: {
            result: [{ metric: { a: 'b', c: 'd' }, value: [1, '2'], since: 3 }],
          },
        },
        options,
      ),
    ).toEqual([]);
    expect(
      shapeDifferences(
        example,
        {
          status: 's',
          data: { result: [{ metric: { a: 1 }, value: [1, '2'] }] },
        },
        options,
      ),
    ).toEqual(['data.result[].metric.a: expected string, got number']);
  });
});
