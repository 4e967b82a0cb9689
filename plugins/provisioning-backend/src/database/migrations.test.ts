import { TestDatabases } from '@internal/test-databases';
import { RunStore } from './RunStore';

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())('migrations on %s', databaseId => {
  it('go up and down and up again', async () => {
    const knex = await databases.init(databaseId);
    const directory = RunStore.migrationsDirectory;
    await knex.migrate.latest({ directory });
    expect(await knex.schema.hasTable('provisioning_runs')).toBe(true);
    expect(await knex.schema.hasTable('provisioning_requests')).toBe(true);

    await knex.migrate.rollback({ directory }, true);
    expect(await knex.schema.hasTable('provisioning_runs')).toBe(false);
    expect(await knex.schema.hasTable('provisioning_requests')).toBe(false);

    await knex.migrate.latest({ directory });
    expect(await knex.schema.hasTable('provisioning_runs')).toBe(true);
  });

  it('keeps idempotency keys unique and leases exclusive', async () => {
    const knex = await databases.init(databaseId);
    const store = await RunStore.create({
      database: { getClient: async () => knex, migrations: { skip: false } },
    });
    const newRun = {
      id: 'r1',
      idempotencyKey: 'k:dev',
      entityRef: 'component:default/a',
      service: 'a',
      environment: 'dev',
      engine: 'tfc',
      workspaceName: 'a-dev',
      autoApply: true,
      tiers: {},
      variables: {},
      requestedBy: 'user:default/x',
    };
    const request = {
      id: 'q1',
      idempotencyKey: 'k',
      entityRef: 'component:default/a',
      createdBy: 'user:default/x',
      runs: [newRun],
    };
    expect(await store.createRequest(request)).toEqual({
      requestId: 'q1',
      created: true,
    });
    expect(
      await store.createRequest({
        ...request,
        id: 'q2',
        runs: [{ ...newRun, id: 'r2' }],
      }),
    ).toEqual({ requestId: 'q1', created: false });
    expect(await store.getRun('r2')).toBeUndefined();

    const now = new Date();
    expect(await store.claim('r1', 'a', now, 60_000)).toBe(true);
    expect(await store.claim('r1', 'b', now, 60_000)).toBe(false);
    // An expired lease (a replica died holding it) can be taken over.
    expect(
      await store.claim('r1', 'b', new Date(now.getTime() + 61_000), 60_000),
    ).toBe(true);
    await store.release('r1', 'b');
    expect(await store.claim('r1', 'a', now, 60_000)).toBe(true);
  });
});
