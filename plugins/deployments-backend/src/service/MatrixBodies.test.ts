import zlib from 'node:zlib';
import type { DeploymentsJoin, Joined } from './DeploymentsJoin';
import { MatrixBodies } from './MatrixBodies';
import { queryMatrix } from './queryMatrix';

const row = (name: string, owner = 'group:default/payments') =>
  ({
    entityRef: `component:default/${name}`,
    kind: 'Component',
    namespace: 'default',
    name,
    owner,
    deployments: {
      dev: { environment: 'dev', instance: 'argocd', state: 'deployed' },
    },
    applications: {},
    warnings: [],
  } as unknown as Joined['rows'][number]);

const joinedOf = (
  rows: Joined['rows'],
  refreshedAt: string,
  live: boolean,
): Joined => ({
  rows,
  environments: [
    { name: 'dev', instance: 'argocd', production: false, status: 'ok' },
  ],
  byRef: new Map(),
  refreshedAt,
  live,
});

describe('MatrixBodies', () => {
  let now = 0;
  let joined: Joined;
  const join = { current: async () => joined } as unknown as DeploymentsJoin;
  const bodies = () => new MatrixBodies({ now: () => now, maxAgeMs: 1000 });
  beforeEach(() => {
    now = 10_000;
    joined = joinedOf([row('a'), row('b')], '2026-12-03T10:00:00.000Z', true);
  });

  it('serves the same body to the same query while the rows stay, in any parameter order', async () => {
    const matrix = bodies();
    const first = await matrix.read(
      join,
      { owner: ['payments'], limit: 10 },
      'identity',
    );
    now += 500;
    const again = await matrix.read(
      join,
      { limit: 10, owner: ['payments'] },
      'identity',
    );
    expect(again).toBe(first);
    expect(JSON.parse(first.toString())).toEqual(
      queryMatrix(
        joined.rows,
        joined.environments,
        { owner: ['payments'], limit: 10 },
        joined.refreshedAt,
      ),
    );
    const other = await matrix.read(join, { limit: 1 }, 'identity');
    expect(JSON.parse(other.toString()).rows).toHaveLength(1);
  });

  it('makes a new body when the rows change, or when a live one is a second old', async () => {
    const matrix = bodies();
    const first = await matrix.read(join, {}, 'identity');

    joined = { ...joined, rows: [row('a'), row('b'), row('c')] };
    const changed = await matrix.read(join, {}, 'identity');
    expect(changed).not.toBe(first);
    expect(JSON.parse(changed.toString()).total).toBe(3);

    now += 999;
    joined = { ...joined, refreshedAt: '2026-12-03T10:00:00.999Z' };
    expect(await matrix.read(join, {}, 'identity')).toBe(changed);
    now += 1;
    const later = await matrix.read(join, {}, 'identity');
    expect(later).not.toBe(changed);
    expect(JSON.parse(later.toString()).refreshedAt).toBe(
      '2026-12-03T10:00:00.999Z',
    );
  });

  it('without the watch, serves a body until the next list, however old', async () => {
    joined = { ...joined, live: false };
    const matrix = bodies();
    const first = await matrix.read(join, {}, 'identity');
    now += 60_000;
    expect(await matrix.read(join, {}, 'identity')).toBe(first);

    joined = { ...joined, refreshedAt: '2026-12-03T10:01:00.000Z' };
    const next = await matrix.read(join, {}, 'identity');
    expect(JSON.parse(next.toString()).refreshedAt).toBe(
      '2026-12-03T10:01:00.000Z',
    );
  });

  it('compresses a body once per encoding, to the same JSON', async () => {
    const matrix = bodies();
    const json = await matrix.read(join, {}, 'identity');
    const gzip = await matrix.read(join, {}, 'gzip');
    const br = await matrix.read(join, {}, 'br');
    expect(zlib.gunzipSync(gzip).equals(json)).toBe(true);
    expect(zlib.brotliDecompressSync(br).equals(json)).toBe(true);
    expect(await matrix.read(join, {}, 'gzip')).toBe(gzip);
  });

  it('gives a body one ETag in every encoding, and a new body a new one', async () => {
    const matrix = bodies();
    const plain = await matrix.response(join, {}, 'identity');
    const gzip = await matrix.response(join, {}, 'gzip');
    expect(gzip.etag).toBe(plain.etag);
    expect(plain.etag).toMatch(/^W\/"[\w-]+"$/);
    joined = { ...joined, rows: [row('a')] };
    expect((await matrix.response(join, {}, 'identity')).etag).not.toBe(
      plain.etag,
    );
  });
});
