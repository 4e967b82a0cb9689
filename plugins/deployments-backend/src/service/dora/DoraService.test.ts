import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { TestDatabases } from '@internal/test-databases';
import { ReleaseRecord, ReleaseStore } from '../../database/ReleaseStore';
import { mockServices } from '@internal/backend-test-stubs';
import { DoraService } from './DoraService';
import { ReleaseRecorder } from './ReleaseRecorder';

const databases = TestDatabases.create();

const user = (name: string) =>
  ({
    $$type: '@backstage/BackstageCredentials',
    principal: { type: 'user', userEntityRef: `user:default/${name}` },
  } as unknown as BackstageCredentials);

const entity = (kind: string, name: string, owner?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default' },
  spec: owner ? { owner } : {},
  relations: owner ? [{ type: 'ownedBy', targetRef: owner }] : [],
});

const ENTITIES = [
  entity('Component', 'orders', 'group:default/payments'),
  entity('Component', 'ledger', 'group:default/payments'),
  entity('Component', 'storefront', 'group:default/storefront'),
  entity('Group', 'payments'),
];

/** A catalog that answers as the caller: `outsider` may read nothing. */
const catalog = {
  async getEntityByRef(ref: string, { credentials }: any) {
    if (credentials.principal.userEntityRef === 'user:default/outsider') {
      return undefined;
    }
    return ENTITIES.find(
      e =>
        `${e.kind}:default/${e.metadata.name}`.toLocaleLowerCase() ===
        ref.toLocaleLowerCase(),
    );
  },
  async getEntities(request: any) {
    const owner = request.filter['relations.ownedBy'];
    return {
      items: ENTITIES.filter(e =>
        e.relations?.some(r => r.type === 'ownedBy' && r.targetRef === owner),
      ),
    };
  },
} as unknown as CatalogService;

const sha = (c: string) => c.repeat(40);

function rec(over: Partial<ReleaseRecord>): ReleaseRecord {
  const prod = (over.environment ?? 'prod') === 'prod';
  const service = (over.entityRef ?? 'component:default/orders').split('/')[1];
  return {
    entityRef: 'component:default/orders',
    environment: 'prod',
    production: prod,
    application: `${service}-${over.environment ?? 'prod'}`,
    historyId: 1,
    revision: sha('a'),
    rollback: false,
    outcome: 'running',
    ...over,
  };
}

/*
 * A known history of orders (owned by payments) and two other services;
 * "now" is 2026-12-01T00:00Z. Every number below is worked out by hand.
 */
const HISTORY: ReleaseRecord[] = [
  // dev: CI's release commits, the builds' first commits
  rec({
    environment: 'dev',
    historyId: 1,
    imageTag: '1.0.0',
    revision: sha('1'),
    committedAt: '2026-11-10T08:00:00Z',
    startedAt: '2026-11-10T08:05:00Z',
  }),
  rec({
    environment: 'dev',
    historyId: 2,
    imageTag: '1.1.0',
    revision: sha('2'),
    committedAt: '2026-11-20T10:00:00Z',
    startedAt: '2026-11-20T10:05:00Z',
  }),
  rec({
    environment: 'dev',
    historyId: 3,
    imageTag: '1.2.0',
    revision: sha('3'),
    committedAt: '2026-11-25T12:00:00Z',
    startedAt: '2026-11-25T12:05:00Z',
  }),
  rec({
    environment: 'dev',
    historyId: 4,
    imageTag: '1.2.1',
    revision: sha('4'),
    committedAt: '2026-11-26T10:00:00Z',
    startedAt: '2026-11-26T10:05:00Z',
  }),
  // prod
  // 0.9.0: 40 days ago, lead 2 h
  rec({
    historyId: 1,
    imageTag: '0.9.0',
    revision: sha('9'),
    committedAt: '2026-10-20T23:00:00Z',
    startedAt: '2026-10-21T00:00:00Z',
    healthyAt: '2026-10-21T01:00:00Z',
    outcome: 'replaced',
    endedAt: '2026-11-11T09:00:00Z',
  }),
  // 1.0.0: committed in dev 11-10 08:00, healthy in prod 11-11 10:00: 26 h
  rec({
    historyId: 2,
    imageTag: '1.0.0',
    revision: sha('b'),
    committedAt: '2026-11-11T08:55:00Z',
    startedAt: '2026-11-11T09:00:00Z',
    deployedAt: '2026-11-11T09:02:00Z',
    healthyAt: '2026-11-11T10:00:00Z',
    outcome: 'replaced',
    endedAt: '2026-11-21T09:00:00Z',
  }),
  // 1.1.0: rolled back a day later
  rec({
    historyId: 3,
    imageTag: '1.1.0',
    revision: sha('c'),
    committedAt: '2026-11-21T08:55:00Z',
    startedAt: '2026-11-21T09:00:00Z',
    healthyAt: '2026-11-21T16:00:00Z',
    outcome: 'rolled-back',
    endedAt: '2026-11-22T09:00:00Z',
    endedBy: 'user:default/noah.williams',
  }),
  // the rollback to 1.0.0: healthy 30 min after it started; not a deployment
  rec({
    historyId: 4,
    imageTag: '1.0.0',
    revision: sha('b'),
    rollback: true,
    startedAt: '2026-11-22T09:00:00Z',
    healthyAt: '2026-11-22T09:30:00Z',
    outcome: 'replaced',
    endedAt: '2026-11-26T09:00:00Z',
  }),
  // 1.2.0: canary aborted 20 min in, never healthy
  rec({
    historyId: 5,
    imageTag: '1.2.0',
    revision: sha('d'),
    startedAt: '2026-11-26T09:00:00Z',
    deployedAt: '2026-11-26T09:05:00Z',
    outcome: 'aborted',
    endedAt: '2026-11-26T09:20:00Z',
    endedBy: 'analysis',
  }),
  // 1.2.1, the fix: healthy at 11:40 (restores 1.2.0's abort: 2 h 20 min), lead 100 min
  rec({
    historyId: 6,
    imageTag: '1.2.1',
    revision: sha('e'),
    startedAt: '2026-11-26T11:00:00Z',
    healthyAt: '2026-11-26T11:40:00Z',
  }),
  // staging: never counted
  rec({
    environment: 'staging',
    historyId: 1,
    imageTag: '1.2.0',
    revision: sha('f'),
    startedAt: '2026-11-25T15:00:00Z',
    outcome: 'aborted',
    endedAt: '2026-11-25T15:10:00Z',
  }),
  // ledger (payments too): one deployment 3 days ago, lead 25 h
  rec({
    entityRef: 'component:default/ledger',
    historyId: 1,
    imageTag: '3.0.0',
    revision: sha('5'),
    committedAt: '2026-11-27T00:00:00Z',
    startedAt: '2026-11-28T00:00:00Z',
    healthyAt: '2026-11-28T01:00:00Z',
  }),
  // storefront (another team): a failure that is not payments'
  rec({
    entityRef: 'component:default/storefront',
    historyId: 1,
    imageTag: '9.0.0',
    revision: sha('6'),
    startedAt: '2026-11-29T00:00:00Z',
    outcome: 'aborted',
    endedAt: '2026-11-29T00:10:00Z',
  }),
];

describe.each(databases.eachSupportedId())('DORA metrics on %s', databaseId => {
  async function setup() {
    const knex = await databases.init(databaseId);
    const store = await ReleaseStore.create({
      database: { getClient: async () => knex, migrations: { skip: false } },
    });
    await store.save(HISTORY);
    const now = () => new Date('2026-12-01T00:00:00Z');
    const recorder = new ReleaseRecorder({
      store,
      // No Argo CD here: the records are the history.
      entities: {
        get: async () => {
          throw new NotFoundError('no deployments');
        },
      },
      logger: mockServices.logger(),
      now,
    });
    return new DoraService({
      store,
      recorder,
      catalog,
      logger: mockServices.logger(),
      now,
    });
  }

  it('computes the four keys of a service over 30 days', async () => {
    const dora = await setup();
    const m = await dora.serviceMetrics(
      'component:default/orders',
      30,
      user('lena'),
    );
    expect(m).toMatchObject({
      entityRef: 'component:default/orders',
      days: 30,
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-12-01T00:00:00.000Z',
      services: ['component:default/orders'],
      // 1.0.0, 1.1.0, 1.2.0, 1.2.1 (the rollback redeploys: not counted)
      deployments: 4,
      deploymentsPerDay: 0.133,
      failures: 2,
      changeFailureRate: 0.5,
      // median of 26 h (1.0.0) and 100 min (1.2.1): failed builds have none
      leadTimeSeconds: (26 * 3600 + 6000) / 2,
      // median of 30 min (1.1.0 rolled back) and 2 h 20 min (1.2.0 aborted)
      timeToRestoreSeconds: (1800 + 8400) / 2,
      unrestored: 0,
    });
    expect(m.trend).toHaveLength(6);
    expect(m.trend.map(p => [p.deployments, p.failures])).toEqual([
      [0, 0],
      [0, 0],
      [1, 0], // 11-11
      [0, 0],
      [1, 1], // 11-21
      [2, 1], // 11-26
    ]);
  });

  it('narrows to 7 days and widens to 90', async () => {
    const dora = await setup();
    const week = await dora.serviceMetrics(
      'component:default/orders',
      7,
      user('lena'),
    );
    expect(week).toMatchObject({
      deployments: 2,
      failures: 1,
      changeFailureRate: 0.5,
      leadTimeSeconds: 6000,
      timeToRestoreSeconds: 8400,
    });
    expect(week.trend.map(p => p.deployments)).toEqual([0, 0, 2, 0, 0, 0, 0]);
    const quarter = await dora.serviceMetrics(
      'component:default/orders',
      90,
      user('lena'),
    );
    expect(quarter).toMatchObject({
      deployments: 5,
      failures: 2,
      changeFailureRate: 0.4,
      leadTimeSeconds: 7200, // median of 100 min, 2 h (0.9.0) and 26 h
      timeToRestoreSeconds: 5100,
    });
  });

  it("counts a team's services and no one else's", async () => {
    const dora = await setup();
    const team = await dora.teamMetrics(
      'group:default/payments',
      7,
      user('lena'),
    );
    expect(team).toMatchObject({
      entityRef: 'group:default/payments',
      services: ['component:default/orders', 'component:default/ledger'],
      deployments: 3,
      failures: 1,
      changeFailureRate: 0.3333,
      // median of 100 min (orders 1.2.1) and 25 h (ledger 3.0.0)
      leadTimeSeconds: (6000 + 25 * 3600) / 2,
    });
  });

  it('has no rates without deployments, and hides what the caller may not read', async () => {
    const dora = await setup();
    const none = await dora.serviceMetrics(
      'component:default/storefront',
      7,
      user('lena'),
    );
    expect(none).toMatchObject({ deployments: 1, failures: 1, unrestored: 1 });
    expect(none.timeToRestoreSeconds).toBeUndefined();
    expect(none.leadTimeSeconds).toBeUndefined();
    await expect(
      dora.serviceMetrics('component:default/orders', 30, user('outsider')),
    ).rejects.toThrow(NotFoundError);
    await expect(
      dora.teamMetrics('group:default/payments', 30, user('outsider')),
    ).rejects.toThrow(NotFoundError);
  });
});
