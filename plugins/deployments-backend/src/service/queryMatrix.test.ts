import { MatrixRow } from '@internal/plugin-deployments-common';
import { queryMatrix, rowsReplaced } from './queryMatrix';

const envs = [
  { name: 'dev', instance: 'a', production: false, status: 'ok' as const },
  {
    name: 'prod',
    instance: 'b',
    production: true,
    status: 'unavailable' as const,
  },
];

function row(
  name: string,
  owner: string,
  devHealth: any,
  deployedAt: string,
): MatrixRow {
  return {
    entityRef: `component:default/${name}`,
    kind: 'Component',
    namespace: 'default',
    name,
    owner,
    deployments: {
      dev: {
        environment: 'dev',
        instance: 'a',
        state: 'deployed',
        health: devHealth,
        revision: `${name.length}abcdef`,
        deployedAt,
      },
      prod: { environment: 'prod', instance: 'b', state: 'unavailable' },
    },
  };
}

const rows = [
  row('b-svc', 'group:default/payments', 'Healthy', '2026-01-02'),
  row('a-svc', 'group:default/storefront', 'Degraded', '2026-01-01'),
  row('c-svc', 'group:default/payments', 'Suspended', '2026-01-03'),
];

describe('queryMatrix', () => {
  const names = (q: Parameters<typeof queryMatrix>[2]) =>
    queryMatrix(rows, envs, q, 'now').rows.map(r => r.name);

  it('sorts by name, worst health and latest deployment', () => {
    expect(names({})).toEqual(['a-svc', 'b-svc', 'c-svc']);
    // Unavailable prod counts as worst for all; ties fall back to the name.
    expect(
      names({ sort: 'health', environment: ['dev'], order: 'desc' }),
    ).toEqual(['a-svc', 'c-svc', 'b-svc']);
    expect(names({ sort: 'deployedAt', order: 'desc' })).toEqual([
      'c-svc',
      'b-svc',
      'a-svc',
    ]);
  });

  it('filters by owner (short or full ref), health and unavailable environments', () => {
    expect(names({ owner: ['payments'] })).toEqual(['b-svc', 'c-svc']);
    expect(names({ owner: ['group:default/storefront'] })).toEqual(['a-svc']);
    expect(names({ health: ['Degraded'] })).toEqual(['a-svc']);
    expect(names({ health: ['unavailable'] })).toHaveLength(3);
    expect(names({ health: ['unavailable'], environment: ['dev'] })).toEqual(
      [],
    );
  });

  it('pages and reports the total before paging', () => {
    const res = queryMatrix(rows, envs, { offset: 1, limit: 1 }, 'now');
    expect(res.total).toBe(3);
    expect(res.rows.map(r => r.name)).toEqual(['b-svc']);
    expect(res.facets.owners).toEqual([
      'group:default/payments',
      'group:default/storefront',
    ]);
  });

  it('carries sorts over to rows that replaced a few rows, as a full sort would', () => {
    const many = Array.from({ length: 200 }, (_, i) =>
      row(
        `svc-${String((i * 37) % 200).padStart(3, '0')}`,
        `group:default/team-${i % 7}`,
        ['Healthy', 'Degraded', 'Progressing'][i % 3],
        `2026-01-${String((i % 28) + 1).padStart(2, '0')}`,
      ),
    );
    const shapes: Array<Parameters<typeof queryMatrix>[2]> = [
      { limit: 1000 },
      { sort: 'owner', limit: 1000 },
      { sort: 'health', order: 'desc', limit: 1000 },
      { sort: 'deployedAt', order: 'desc', limit: 1000 },
    ];
    // Sorts of the first set, made before the patch.
    shapes.forEach(q => queryMatrix(many, envs, q, 'now'));
    const patched = [...many];
    const positions = [3, 50, 51, 199];
    for (const i of positions) {
      patched[i] = row(
        many[i].name,
        'group:default/team-0',
        'Degraded',
        '2026-02-01',
      );
    }
    rowsReplaced(many, patched, positions);
    const fresh = patched.map(r => ({ ...r })); // same rows, no memo
    for (const q of shapes) {
      const carried = queryMatrix(patched, envs, q, 'now').rows.map(
        r => r.entityRef,
      );
      const sorted = queryMatrix(fresh, envs, q, 'now').rows.map(
        r => r.entityRef,
      );
      expect(carried).toEqual(sorted);
      expect(carried).toHaveLength(200);
    }
  });
});
