import { TestDatabases } from '@internal/test-databases';
import { ActivityEvent } from '@internal/plugin-activity-common';
import { ActivityCleaner } from '../service/ActivityCleaner';
import { ActivityStore } from './ActivityStore';

const databases = TestDatabases.create();

const silentLogger = {
  child: () => silentLogger,
  error: () => {},
  warn: () => {},
  info: () => {},
  debug: () => {},
} as any;

function event(overrides: Partial<ActivityEvent>): ActivityEvent {
  return {
    id: 'e1',
    occurredAt: '2026-12-01T10:00:00.000Z',
    plugin: 'deployments',
    action: 'deployment-rollback',
    severity: 'medium',
    result: 'succeeded',
    actor: 'user:default/lena.fischer',
    entityRef: 'component:default/payments-api',
    environment: 'dev',
    reason: 'bad build',
    before: { revision: 'b' },
    after: { revision: 'a' },
    meta: { action: 'rollback', historyId: 3 },
    ...overrides,
  };
}

describe.each(databases.eachSupportedId())('activity store on %s', id => {
  async function store() {
    const knex = await databases.init(id);
    return ActivityStore.create({
      database: { getClient: async () => knex, migrations: { skip: false } },
    });
  }

  it('migrations go up, down and up again', async () => {
    const knex = await databases.init(id);
    const directory = ActivityStore.migrationsDirectory;
    await knex.migrate.latest({ directory });
    expect(await knex.schema.hasTable('activity_events')).toBe(true);
    await knex.migrate.rollback({ directory }, true);
    expect(await knex.schema.hasTable('activity_events')).toBe(false);
    await knex.migrate.latest({ directory });
    expect(await knex.schema.hasTable('activity_events')).toBe(true);
  });

  it('stores an event once and reads it back whole', async () => {
    const s = await store();
    await s.insert(event({}));
    // The events bus may deliver twice.
    await s.insert(event({ reason: 'a second delivery' }));
    const page = await s.list({});
    expect(page.total).toBe(1);
    expect(page.events[0]).toEqual(event({}));
  });

  it('filters by entity, actor, plugin, action, result and time, newest first', async () => {
    const s = await store();
    await s.insert(event({ id: 'a', occurredAt: '2026-12-01T10:00:00.000Z' }));
    await s.insert(
      event({
        id: 'b',
        occurredAt: '2026-12-01T11:00:00.000Z',
        result: 'denied',
        actor: 'user:default/sara.kim',
        error: 'Not allowed',
      }),
    );
    await s.insert(
      event({
        id: 'c',
        occurredAt: '2026-12-01T12:00:00.000Z',
        plugin: 'provisioning',
        action: 'provisioning-run-apply',
        entityRef: 'component:default/cart-service',
      }),
    );
    const ids = async (f: object) => (await s.list(f)).events.map(e => e.id);
    expect(await ids({})).toEqual(['c', 'b', 'a']);
    expect(await ids({ entityRef: 'Component:default/Payments-API' })).toEqual([
      'b',
      'a',
    ]);
    // The admin page's Service filter takes a name as well as a ref.
    expect(await ids({ entityRef: 'cart-service' })).toEqual(['c']);
    expect(await ids({ entityRef: 'default/cart-service' })).toEqual(['c']);
    expect(await ids({ actor: 'user:default/sara.kim' })).toEqual(['b']);
    expect(await ids({ plugin: 'provisioning' })).toEqual(['c']);
    expect(await ids({ action: 'deployment-rollback' })).toEqual(['b', 'a']);
    expect(await ids({ result: 'denied' })).toEqual(['b']);
    expect(
      await ids({
        from: '2026-12-01T10:30:00.000Z',
        to: '2026-12-01T12:00:00.000Z',
      }),
    ).toEqual(['b']);
    expect(
      await ids({
        entityRefs: ['component:default/cart-service'],
        orActor: 'user:default/sara.kim',
      }),
    ).toEqual(['c', 'b']);
    expect(await ids({ entityRefs: [] })).toEqual([]);
    const paged = await s.list({ offset: 1, limit: 1 });
    expect(paged).toMatchObject({ total: 3, offset: 1, limit: 1 });
    expect(paged.events.map(e => e.id)).toEqual(['b']);
    expect(await s.facets()).toEqual({
      actors: ['user:default/lena.fischer', 'user:default/sara.kim'],
      plugins: ['deployments', 'provisioning'],
      actions: ['deployment-rollback', 'provisioning-run-apply'],
      entityRefs: [
        'component:default/cart-service',
        'component:default/payments-api',
      ],
    });
  });

  it('deletes what is older than the retention, on schedule', async () => {
    const s = await store();
    const daysAgo = (days: number) =>
      new Date(Date.now() - days * 24 * 3600 * 1000).toISOString();
    await s.insert(event({ id: 'old', occurredAt: daysAgo(31) }));
    await s.insert(event({ id: 'new', occurredAt: daysAgo(29) }));
    const cleaner = new ActivityCleaner({
      store: s,
      logger: silentLogger,
      retentionDays: 30,
    });
    const tasks: any[] = [];
    await cleaner.schedule({
      scheduleTask: async (task: any) => {
        tasks.push(task);
      },
    } as any);
    expect(tasks).toEqual([
      expect.objectContaining({ id: 'activity-retention', scope: 'global' }),
    ]);

    expect(await cleaner.clean()).toBe(1);
    expect((await s.list({})).events.map(e => e.id)).toEqual(['new']);
    // The scheduled function is the same cleanup.
    await s.insert(event({ id: 'old2', occurredAt: daysAgo(400) }));
    await tasks[0].fn();
    expect((await s.list({})).events.map(e => e.id)).toEqual(['new']);
  });
});
