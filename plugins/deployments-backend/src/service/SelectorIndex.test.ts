import { parseLabelSelector } from './labelSelector';
import { SelectorIndex } from './SelectorIndex';

const parse = (text: string) => {
  try {
    return parseLabelSelector(text);
  } catch (error) {
    return error as Error;
  }
};

describe('SelectorIndex', () => {
  const index = new SelectorIndex(
    [
      'app.kubernetes.io/name=a', // 0
      'app.kubernetes.io/name=b', // 1
      'app.kubernetes.io/name=a,tier=web', // 2
      'tier in (web,api)', // 3: no equality, always tested
      '!legacy', // 4
      'team=x', // 5: another key
      'bad selector ((', // 6: invalid, never matches
      'app.kubernetes.io/name=a', // 7: the same selector twice
    ].map(parse),
  );

  it('finds the rows whose selector matches, by every label of the app', () => {
    expect(index.matching({ 'app.kubernetes.io/name': 'a' })).toEqual([
      0, 4, 7,
    ]);
    expect(
      index.matching({ 'app.kubernetes.io/name': 'a', tier: 'web', team: 'x' }),
    ).toEqual([0, 2, 3, 4, 5, 7]);
    expect(
      index.matching({ 'app.kubernetes.io/name': 'b', legacy: 'y' }),
    ).toEqual([1]);
  });

  it('answers no rows for labels no selector names', () => {
    expect(index.matching({ legacy: 'y', other: 'z' })).toEqual([]);
    expect(index.matching(undefined)).toEqual([4]);
  });

  it('agrees with testing every selector', () => {
    const shapes = (i: number) => {
      if (i % 7 === 0) return `env in (dev,prod),app=s${i % 20}`;
      if (i % 11 === 0) return 'env notin (prod)';
      return `app=s${i % 20}${i % 3 === 0 ? ',env=dev' : ''}`;
    };
    const selectors = Array.from({ length: 300 }, (_, i) => parse(shapes(i)));
    const big = new SelectorIndex(selectors);
    for (let s = 0; s < 20; s++) {
      for (const env of ['dev', 'prod', undefined]) {
        const labels: Record<string, string> = { app: `s${s}` };
        if (env) labels.env = env;
        const scanned = selectors.flatMap((sel, row) =>
          !(sel instanceof Error) && sel.matches(labels) ? [row] : [],
        );
        expect(big.matching(labels)).toEqual(scanned);
      }
    }
  });
});
