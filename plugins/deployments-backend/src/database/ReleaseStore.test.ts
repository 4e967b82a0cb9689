import { TestDatabases } from '@internal/test-databases';
import { BindingStore } from './BindingStore';
import { ReleaseRecord, ReleaseStore } from './ReleaseStore';

const databases = TestDatabases.create();

const record = (over: Partial<ReleaseRecord>): ReleaseRecord => ({
  entityRef: 'component:default/orders',
  environment: 'prod',
  production: true,
  application: 'orders-prod',
  historyId: 1,
  revision: 'a'.repeat(40),
  rollback: false,
  outcome: 'running',
  ...over,
});

describe.each(databases.eachSupportedId())('ReleaseStore on %s', databaseId => {
  it('migrates up, down and up again, with the bindings', async () => {
    const knex = await databases.init(databaseId);
    const directory = BindingStore.migrationsDirectory;
    await knex.migrate.latest({ directory });
    expect(await knex.schema.hasTable('deployments_releases')).toBe(true);
    expect(await knex.schema.hasTable('deployments_promotions')).toBe(true);
    expect(await knex.schema.hasTable('deployments_actions')).toBe(true);
    await knex.migrate.rollback({ directory }, true);
    expect(await knex.schema.hasTable('deployments_releases')).toBe(false);
    expect(await knex.schema.hasTable('deployments_promotions')).toBe(false);
    expect(await knex.schema.hasTable('deployments_actions')).toBe(false);
    expect(await knex.schema.hasTable('deployments_bindings')).toBe(false);
    await knex.migrate.latest({ directory });
    expect(await knex.schema.hasTable('deployments_releases')).toBe(true);
  });

  it('keeps one record per history entry, updated in place, and finds the newest of each application', async () => {
    const knex = await databases.init(databaseId);
    const store = await ReleaseStore.create({
      database: { getClient: async () => knex, migrations: { skip: false } },
    });
    await store.save([
      record({
        historyId: 1,
        imageTag: '1.0.0',
        startedAt: '2026-11-01T00:00:00.000Z',
      }),
      record({
        historyId: 2,
        imageTag: '1.1.0',
        startedAt: '2026-11-02T00:00:00.000Z',
      }),
      record({
        environment: 'dev',
        production: false,
        application: 'orders-dev',
        historyId: 7,
        startedAt: '2026-10-30T00:00:00.000Z',
      }),
    ]);
    await store.save([
      record({
        historyId: 1,
        imageTag: '1.0.0',
        startedAt: '2026-11-01T00:00:00.000Z',
        outcome: 'replaced',
        endedAt: '2026-11-02T00:00:00.000Z',
      }),
    ]);
    const prod = await store.ofApplication(
      'Component:default/Orders',
      'prod',
      'orders-prod',
    );
    expect(prod.map(r => [r.historyId, r.outcome, r.production])).toEqual([
      [1, 'replaced', true],
      [2, 'running', true],
    ]);
    expect(
      (
        await store.list(
          ['component:default/orders'],
          '2026-10-31T00:00:00.000Z',
        )
      ).map(r => r.historyId),
    ).toEqual([1, 2]);
    const latest = await store.latest(['component:default/orders']);
    expect([...latest].map(([key, r]) => [key, r.historyId]).sort()).toEqual([
      ['component:default/orders|dev|orders-dev', 7],
      ['component:default/orders|prod|orders-prod', 2],
    ]);
  });

  it('records a promotion once per target and commit', async () => {
    const knex = await databases.init(databaseId);
    const store = await ReleaseStore.create({
      database: { getClient: async () => knex, migrations: { skip: false } },
    });
    const promotion = {
      entityRef: 'component:default/orders',
      from: 'dev',
      to: 'staging',
      imageTag: '1.1.0',
      commitSha: 'b'.repeat(40),
      actor: 'user:default/lena.fischer',
      reason: 'ship it',
      promotedAt: '2026-11-02T00:00:00.000Z',
    };
    await store.addPromotion(promotion);
    await store.addPromotion({ ...promotion, actor: 'user:default/other' });
    expect(await store.promotions(['component:default/orders'])).toEqual([
      promotion,
    ]);
  });
});
