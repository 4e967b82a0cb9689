import { pastSyncs, sampleReleases } from './samplePast';
import type { LoggedCommit } from './RepoServer';

const source = {
  repoURL: 'http://localhost:7010/acme/orders.git',
  path: 'chart',
  targetRevision: 'main',
  helm: { valueFiles: ['values-prod.yaml'] },
};

const commit = (sha: string, date: string, files: string[]): LoggedCommit => ({
  sha: sha.repeat(40).slice(0, 40),
  author: 'Lena Fischer <lena.fischer@acme.example>',
  date,
  message: `commit ${sha}`,
  files,
});

describe('pastSyncs', () => {
  const log = [
    commit('a', '2026-01-01T10:00:00.000Z', [
      'README.md',
      'chart/Chart.yaml',
      'chart/values-dev.yaml',
      'chart/values-prod.yaml',
    ]),
    commit('b', '2026-01-02T10:00:00.000Z', ['chart/values-dev.yaml']),
    commit('c', '2026-01-03T10:00:00.000Z', ['chart/values-prod.yaml']),
    commit('d', '2026-01-04T10:00:00.000Z', ['README.md', 'docs/index.md']),
    commit('e', '2026-01-05T10:00:00.000Z', ['chart/templates/rollout.yaml']),
    commit('f', '2026-01-06T10:00:00.000Z', ['chart/values.yaml']),
  ];

  it('records a sync for the first commit and each commit that changes what the app renders', () => {
    const history = pastSyncs(log, source);
    expect(history.map(h => [h.id, h.revision?.[0]])).toEqual([
      [0, 'a'],
      [1, 'c'],
      [2, 'e'],
      [3, 'f'],
    ]);
    for (const [i, entry] of history.entries()) {
      const pushed = Date.parse(log.find(c => c.sha === entry.revision)!.date);
      const started = Date.parse(entry.deployStartedAt!);
      const deployed = Date.parse(entry.deployedAt!);
      expect(started).toBeGreaterThan(pushed);
      expect(started - pushed).toBeLessThanOrEqual(180_000); // one poll
      expect(deployed).toBeGreaterThan(started);
      expect(entry).toMatchObject({ source, initiatedBy: { automated: true } });
      expect(i).toBe(entry.id);
    }
  });

  it('keeps the newest entries when there are more than the limit', () => {
    const history = pastSyncs(log, source, 2);
    expect(history.map(h => [h.id, h.revision?.[0]])).toEqual([
      [2, 'e'],
      [3, 'f'],
    ]);
  });

  it('takes files at the root for an app whose path is the repository', () => {
    const root = [
      commit('a', '2026-01-01T10:00:00.000Z', ['Chart.yaml']),
      commit('b', '2026-01-02T10:00:00.000Z', ['values-dev.yaml']),
      commit('c', '2026-01-03T10:00:00.000Z', ['values-prod.yaml']),
    ];
    expect(
      pastSyncs(root, { ...source, path: '.' }).map(h => h.revision?.[0]),
    ).toEqual(['a', 'c']);
  });
});

describe('sampleReleases', () => {
  const files = new Map([
    ['chart/values-dev.yaml', 'image:\n  tag: "1.0.0"\n'],
    ['chart/values-staging.yaml', 'image:\n  tag: "1.0.0"\n'],
    ['chart/values-prod.yaml', 'image:\n  tag: "1.0.0"\n'],
  ]);
  const people = [
    { name: 'Lena Fischer', email: 'lena.fischer@acme.example' },
    { name: 'Omar Haddad', email: 'omar.haddad@acme.example' },
  ];
  const now = new Date('2026-12-03T06:00:00.000Z');

  it('releases each build through the environments in order, prod one behind, all in the past', () => {
    const past = sampleReleases({
      service: 'orders',
      environments: ['dev', 'staging', 'prod'],
      files,
      people,
      now,
    });
    const steps = past.later.map(c => c.message);
    const releases = steps.filter(m => m.startsWith('Release')).length;
    expect(releases).toBeGreaterThanOrEqual(3);
    expect(steps.slice(0, 3)).toEqual([
      'Release orders 1.1.0 to dev',
      'Promote orders 1.1.0 from dev to staging',
      'Promote orders 1.1.0 from staging to prod',
    ]);
    expect(steps.slice(-2)).toEqual([
      `Release orders 1.${releases}.0 to dev`,
      `Promote orders 1.${releases}.0 from dev to staging`,
    ]);
    const dates = [past.created, ...past.later.map(c => c.date)].map(d =>
      d.getTime(),
    );
    expect(dates).toEqual([...dates].sort((a, b) => a - b));
    expect(Math.max(...dates)).toBeLessThan(now.getTime());
    for (const later of past.later) {
      expect(people).toContainEqual(later.author);
      const [[file, text]] = [...later.files];
      expect(later.message).toContain(
        file.replace(/^chart\/values-|\.yaml$/g, ''),
      );
      expect(text).toMatch(/tag: "1\.\d\.0"/);
    }
    // The same past on every start.
    expect(
      sampleReleases({
        service: 'orders',
        environments: ['dev', 'staging', 'prod'],
        files,
        people,
        now,
      }),
    ).toEqual(past);
  });
});
