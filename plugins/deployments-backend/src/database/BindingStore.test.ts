import { TestDatabases } from '@internal/test-databases';
import { BindingStore } from './BindingStore';

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())('BindingStore on %s', databaseId => {
  it('migrates up, down and up again', async () => {
    const knex = await databases.init(databaseId);
    const directory = BindingStore.migrationsDirectory;
    await knex.migrate.latest({ directory });
    expect(await knex.schema.hasTable('deployments_bindings')).toBe(true);
    await knex.migrate.rollback({ directory }, true);
    expect(await knex.schema.hasTable('deployments_bindings')).toBe(false);
    await knex.migrate.latest({ directory });
    expect(await knex.schema.hasTable('deployments_bindings')).toBe(true);
  });

  it('binds an object once: the first binding wins, whoever asks next', async () => {
    const knex = await databases.init(databaseId);
    const store = await BindingStore.create({
      database: { getClient: async () => knex, migrations: { skip: false } },
    });
    const binding = {
      kind: 'application' as const,
      instance: 'argocd',
      name: 'orders-dev',
      source: 'created' as const,
      createdBy: 'user:default/a',
    };
    const [a, b] = await Promise.all([
      store.bind({
        ...binding,
        entityRef: 'Component:default/Orders',
        taskId: 't1',
      }),
      store.bind({ ...binding, entityRef: 'component:default/other' }),
    ]);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    expect(a.binding).toEqual(b.binding);
    // The same name in another instance is another object.
    expect(
      (
        await store.bind({
          ...binding,
          instance: 'argocd-eu',
          entityRef: 'component:default/x',
        })
      ).created,
    ).toBe(true);

    const winner = a.created ? a.binding : b.binding;
    expect(winner.entityRef).toMatch(/^component:default\/(orders|other)$/);
    expect(winner.entityUid).toBeUndefined();
    expect(await store.recordUid(winner.entityRef, 'uid-1')).toBe(1);
    // Only once: a later uid does not replace the first.
    expect(await store.recordUid(winner.entityRef, 'uid-2')).toBe(0);
    expect(
      (await store.get('application', 'argocd', 'orders-dev'))?.entityUid,
    ).toBe('uid-1');
  });
});
