import { resolve as resolvePath } from 'node:path';
import knexFactory, { Knex } from 'knex';
import { TestDatabaseId, TestDatabases } from './TestDatabases';

const PG_ENV = 'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';
const migrationsDirectory = resolvePath(__dirname, '__fixtures__/migrations');

type Env = Record<string, string | undefined>;

/** Runs `fn` with the given environment variables set (undefined: unset). */
function withEnv<T>(env: Env, fn: () => T): T {
  const saved: Env = {};
  for (const [key, value] of Object.entries(env)) {
    saved[key] = process.env[key];
    if (value === undefined) {
      delete process.env[key];
    } else {
      process.env[key] = value;
    }
  }
  try {
    return fn();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) {
        delete process.env[key];
      } else {
        process.env[key] = value;
      }
    }
  }
}

/**
 * Calls `create` from inside a test. Jest does not allow `afterAll` to be
 * added from a test, so the global is swapped for one that records the
 * hooks; the test then calls `shutdown` itself.
 */
function createInTest(
  create: () => TestDatabases,
  afterAllGlobal: 'record' | 'absent' = 'record',
): { databases: TestDatabases; hooks: Array<() => Promise<void>> } {
  const global = globalThis as { afterAll?: unknown };
  const original = global.afterAll;
  const hooks: Array<() => Promise<void>> = [];
  global.afterAll =
    afterAllGlobal === 'record'
      ? (fn: () => Promise<void>) => {
          hooks.push(fn);
        }
      : undefined;
  try {
    return { databases: create(), hooks };
  } finally {
    global.afterAll = original;
  }
}

/** Which of `names` are in pg_database, asked through a connection of our own. */
async function databasesThatExist(names: string[]): Promise<string[]> {
  const url = new URL(process.env[PG_ENV]!);
  url.pathname = '/postgres';
  const admin = knexFactory({ client: 'pg', connection: url.href });
  try {
    const rows = await admin('pg_database')
      .whereIn('datname', names)
      .orderBy('datname')
      .select('datname');
    return rows.map(row => row.datname);
  } finally {
    await admin.destroy();
  }
}

describe('TestDatabases', () => {
  const databases = TestDatabases.create();

  it('always supports SQLite, and PostgreSQL 15 exactly when its connection string is set', () => {
    expect(databases.supports('SQLITE_3')).toBe(true);
    expect(databases.supports('POSTGRES_15')).toBe(
      Boolean(process.env[PG_ENV]),
    );
    expect(databases.eachSupportedId()).toEqual(
      process.env[PG_ENV] ? [['SQLITE_3'], ['POSTGRES_15']] : [['SQLITE_3']],
    );
  });

  describe.each(databases.eachSupportedId())('%s', databaseId => {
    it('gives an empty database of its own on every init', async () => {
      const first = await databases.init(databaseId);
      const second = await databases.init(databaseId);
      expect(first).not.toBe(second);

      await first.schema.createTable('only_in_first', table => {
        table.increments('id');
      });
      await first('only_in_first').insert({});

      await expect(first.schema.hasTable('only_in_first')).resolves.toBe(true);
      await expect(first('only_in_first').count('* as n')).resolves.toEqual([
        { n: expect.anything() },
      ]);
      await expect(second.schema.hasTable('only_in_first')).resolves.toBe(
        false,
      );

      // A later init is empty too, not a copy of an earlier database.
      const third = await databases.init(databaseId);
      await expect(third.schema.hasTable('only_in_first')).resolves.toBe(false);
    });

    it('runs knex migrations up and down', async () => {
      const knex = await databases.init(databaseId);
      const config: Knex.MigratorConfig = { directory: migrationsDirectory };

      const [batch, applied] = await knex.migrate.latest(config);
      expect(batch).toBe(1);
      expect(applied.map((file: string) => file.replace(/\.ts$/, ''))).toEqual([
        '20240101000000_create_items',
        '20240102000000_add_item_count',
      ]);
      await knex('items').insert({ id: 'a', name: 'Alpha', count: 2 });
      await expect(
        knex('items').select('id', 'name', 'count'),
      ).resolves.toEqual([{ id: 'a', name: 'Alpha', count: 2 }]);

      // Nothing left to do the second time.
      await expect(knex.migrate.latest(config)).resolves.toEqual([1, []]);

      const [, rolledBack] = await knex.migrate.rollback(config);
      expect(rolledBack).toHaveLength(2);
      await expect(knex.schema.hasTable('items')).resolves.toBe(false);

      // And up again from scratch.
      const [secondBatch, reapplied] = await knex.migrate.latest(config);
      expect(secondBatch).toBe(1);
      expect(reapplied).toHaveLength(2);
      await expect(knex.schema.hasColumn('items', 'count')).resolves.toBe(true);
    });

    it('supports upserts with onConflict().merge()', async () => {
      const knex = await databases.init(databaseId);
      await knex.schema.createTable('settings', table => {
        table.string('user').notNullable();
        table.string('key').notNullable();
        table.string('value').notNullable();
        table.primary(['user', 'key']);
      });

      await knex('settings').insert({
        user: 'u1',
        key: 'theme',
        value: 'dark',
      });
      await knex('settings')
        .insert({ user: 'u1', key: 'theme', value: 'light' })
        .onConflict(['user', 'key'])
        .merge();
      await knex('settings')
        .insert({ user: 'u2', key: 'theme', value: 'dark' })
        .onConflict(['user', 'key'])
        .merge(['value']);

      await expect(
        knex('settings').select('user', 'key', 'value').orderBy('user'),
      ).resolves.toEqual([
        { user: 'u1', key: 'theme', value: 'light' },
        { user: 'u2', key: 'theme', value: 'dark' },
      ]);
    });

    it('destroys its knex instances on shutdown, through the afterAll hook it registered', async () => {
      const { databases: own, hooks } = createInTest(() =>
        TestDatabases.create({ ids: [databaseId] }),
      );
      expect(hooks).toHaveLength(1);

      const knex = await own.init(databaseId);
      await expect(knex.raw('SELECT 1')).resolves.toBeDefined();

      await hooks[0]();
      await expect(knex.raw('SELECT 1')).rejects.toThrow();

      // A second shutdown (e.g. an explicit one plus afterAll) is harmless.
      await expect(own.shutdown()).resolves.toBeUndefined();
    });
  });

  // Shown as skipped when PostgreSQL is not available.
  const describeWithPostgres = databases.supports('POSTGRES_15')
    ? describe
    : describe.skip;

  describeWithPostgres('POSTGRES_15 cleanup', () => {
    it('drops the databases it created on shutdown', async () => {
      const { databases: own } = createInTest(() =>
        TestDatabases.create({ ids: ['POSTGRES_15'] }),
      );
      const names: string[] = [];
      for (let i = 0; i < 2; i++) {
        const knex = await own.init('POSTGRES_15');
        const result = await knex.raw('SELECT current_database() AS name');
        names.push(result.rows[0].name);
      }
      expect(names[0]).toMatch(/^backstage_test_[0-9a-f]{24}$/);
      expect(names[1]).not.toBe(names[0]);
      await expect(databasesThatExist(names)).resolves.toEqual(
        [...names].sort(),
      );

      await own.shutdown();

      await expect(databasesThatExist(names)).resolves.toEqual([]);
    });
  });

  describe('without a PostgreSQL connection string', () => {
    it('throws in CI, saying that the test command must start PostgreSQL', () => {
      for (const ci of ['true', '1']) {
        withEnv({ CI: ci, [PG_ENV]: undefined }, () => {
          expect(() => TestDatabases.create()).toThrow(
            /BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is not set, but CI is: the test command must start PostgreSQL 15/,
          );
          expect(() =>
            TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] }),
          ).toThrow(/must start PostgreSQL 15/);
        });
      }
    });

    it('does not throw in CI when PostgreSQL was not asked for', async () => {
      const { databases: sqliteOnly } = withEnv(
        { CI: 'true', [PG_ENV]: undefined },
        () => createInTest(() => TestDatabases.create({ ids: ['SQLITE_3'] })),
      );
      expect(sqliteOnly.eachSupportedId()).toEqual([['SQLITE_3']]);
      await sqliteOnly.shutdown();
    });

    it('outside CI, leaves PostgreSQL out and says so once', async () => {
      const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
      try {
        let Fresh: typeof TestDatabases | undefined;
        jest.isolateModules(() => {
          // A fresh copy of the module, so the one-time note is not spent yet.
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          Fresh = require('./TestDatabases').TestDatabases;
        });
        const FreshTestDatabases = Fresh!;

        for (const ci of [undefined, '', 'false']) {
          const { databases: local } = withEnv(
            { CI: ci, [PG_ENV]: undefined },
            () => createInTest(() => FreshTestDatabases.create()),
          );
          expect(local.supports('POSTGRES_15')).toBe(false);
          expect(local.eachSupportedId()).toEqual([['SQLITE_3']]);
          await expect(local.init('POSTGRES_15')).rejects.toThrow(
            /Unsupported test database POSTGRES_15/,
          );
          await local.shutdown();
        }

        expect(warn).toHaveBeenCalledTimes(1);
        expect(warn.mock.calls[0][0]).toMatch(
          /BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is not set, so database tests run on SQLite only/,
        );
      } finally {
        warn.mockRestore();
      }
    });
  });

  it('rejects unknown ids and malformed connection strings', () => {
    expect(() =>
      TestDatabases.create({ ids: ['MYSQL_8' as TestDatabaseId] }),
    ).toThrow(/Unknown test database id MYSQL_8/);

    withEnv({ [PG_ENV]: 'not a url' }, () => {
      expect(() => TestDatabases.create()).toThrow(/must be a URL/);
    });
    withEnv({ [PG_ENV]: 'mysql://root@127.0.0.1:3306' }, () => {
      expect(() => TestDatabases.create()).toThrow(
        /must be a postgresql:\/\/ or postgres:\/\/ URL/,
      );
    });
  });

  it('does not need Jest: without a global afterAll nothing is registered', async () => {
    const { databases: plain, hooks } = createInTest(
      () => TestDatabases.create({ ids: ['SQLITE_3'] }),
      'absent',
    );
    expect(hooks).toHaveLength(0);
    const knex = await plain.init('SQLITE_3');
    await expect(knex.raw('SELECT 1 AS one')).resolves.toEqual([{ one: 1 }]);
    await plain.shutdown();
  });
});
