import { randomBytes } from 'node:crypto';
import knexFactory, { Knex } from 'knex';

/**
 * The database engines that tests can run against.
 *
 * The names match the ids of `TestDatabases` in
 * `@backstage/backend-test-utils`, so that switching back is a
 * find-and-replace of the import.
 */
export type TestDatabaseId = 'SQLITE_3' | 'POSTGRES_15';

const ALL_IDS: readonly TestDatabaseId[] = ['SQLITE_3', 'POSTGRES_15'];

/**
 * The environment variable that Backstage itself reads for an already
 * running PostgreSQL 15 server, e.g. `postgresql://postgres@127.0.0.1:54321`.
 */
const POSTGRES_15_ENV = 'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';

let postgresSkipNoted = false;

function isCI(): boolean {
  const value = process.env.CI?.trim().toLowerCase();
  return Boolean(value) && value !== 'false' && value !== '0';
}

/** The connection string without its password, for messages. */
function redact(url: URL): string {
  const copy = new URL(url.href);
  if (copy.password) {
    copy.password = '***';
  }
  return copy.href;
}

function parsePostgresUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(
      `${POSTGRES_15_ENV} must be a URL like postgresql://postgres@127.0.0.1:54321, got an unparsable value`,
    );
  }
  if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:') {
    throw new Error(
      `${POSTGRES_15_ENV} must be a postgresql:// or postgres:// URL, got protocol ${url.protocol}`,
    );
  }
  return url;
}

/** The same server and settings as `base`, but on database `database`. */
function withDatabase(base: URL, database: string): string {
  const url = new URL(base.href);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.href;
}

/**
 * Hands out fresh, empty, isolated databases for tests, on SQLite and on
 * PostgreSQL 15.
 *
 * A stand-in with the same shape as `TestDatabases` from
 * `@backstage/backend-test-utils`, until a release of that package matching
 * our Backstage release is available.
 *
 * @example
 * ```ts
 * const databases = TestDatabases.create();
 *
 * describe.each(databases.eachSupportedId())('%p', databaseId => {
 *   it('stores things', async () => {
 *     const knex = await databases.init(databaseId);
 *     // ...
 *   });
 * });
 * ```
 */
export class TestDatabases {
  readonly #supportedIds: TestDatabaseId[];
  readonly #postgresUrl: URL | undefined;
  #knexInstances: Knex[] = [];
  #postgresDatabaseNames: string[] = [];
  #postgresAdmin: Knex | undefined;

  /**
   * Creates an instance and, when running under Jest (a global `afterAll`
   * exists), registers `afterAll(() => shutdown())` so that everything it
   * made is cleaned up after the tests of the file or `describe` block.
   *
   * Call it at the top level of a test file or inside a `describe` block,
   * not inside a test: Jest does not allow hooks to be added from a test.
   *
   * PostgreSQL 15 is used when `BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING`
   * is set. When it is not set, POSTGRES_15 is left out of the supported ids
   * (with a one-time console note), except when `CI` is set: then this
   * throws, because CI must never silently skip PostgreSQL.
   */
  static create(options?: { ids?: TestDatabaseId[] }): TestDatabases {
    const ids = [...new Set(options?.ids ?? ALL_IDS)];
    for (const id of ids) {
      if (!ALL_IDS.includes(id)) {
        throw new Error(
          `Unknown test database id ${id}, possible values are ${ALL_IDS.join(
            ', ',
          )}`,
        );
      }
    }

    let postgresUrl: URL | undefined;
    if (ids.includes('POSTGRES_15')) {
      const raw = process.env[POSTGRES_15_ENV]?.trim();
      if (raw) {
        postgresUrl = parsePostgresUrl(raw);
      } else if (isCI()) {
        throw new Error(
          `${POSTGRES_15_ENV} is not set, but CI is: the test command must start ` +
            `PostgreSQL 15 and set ${POSTGRES_15_ENV} (e.g. postgresql://postgres@127.0.0.1:54321) ` +
            `before running the tests. Tests are not allowed to silently skip PostgreSQL in CI.`,
        );
      } else if (!postgresSkipNoted) {
        postgresSkipNoted = true;
        // eslint-disable-next-line no-console
        console.warn(
          `TestDatabases: ${POSTGRES_15_ENV} is not set, so database tests run on SQLite only, not on PostgreSQL 15.`,
        );
      }
    }

    const supportedIds = ids.filter(
      id => id !== 'POSTGRES_15' || postgresUrl !== undefined,
    );
    const databases = new TestDatabases(supportedIds, postgresUrl);

    const jestAfterAll = (globalThis as { afterAll?: unknown }).afterAll;
    if (typeof jestAfterAll === 'function') {
      (jestAfterAll as (fn: () => Promise<void>) => void)(() =>
        databases.shutdown(),
      );
    }

    return databases;
  }

  private constructor(supportedIds: TestDatabaseId[], postgresUrl?: URL) {
    this.#supportedIds = supportedIds;
    this.#postgresUrl = postgresUrl;
  }

  /** Whether `init(id)` can be used in this environment. */
  supports(id: TestDatabaseId): boolean {
    return this.#supportedIds.includes(id);
  }

  /** The supported ids, shaped for `describe.each` and `it.each`. */
  eachSupportedId(): [TestDatabaseId][] {
    return this.#supportedIds.map(id => [id]);
  }

  /**
   * Returns a knex instance on a fresh, empty database of its own: a new
   * in-memory SQLite database, or a newly created PostgreSQL database with a
   * random name.
   */
  async init(id: TestDatabaseId): Promise<Knex> {
    if (!ALL_IDS.includes(id)) {
      throw new Error(
        `Unknown test database id ${id}, possible values are ${ALL_IDS.join(
          ', ',
        )}`,
      );
    }
    if (!this.supports(id)) {
      const reason =
        id === 'POSTGRES_15' && !this.#postgresUrl
          ? ` (${POSTGRES_15_ENV} is not set or the id was not requested)`
          : '';
      throw new Error(
        `Unsupported test database ${id}${reason}, supported values are ${
          this.#supportedIds.join(', ') || 'none'
        }`,
      );
    }

    if (id === 'SQLITE_3') {
      return this.#track(
        knexFactory({
          client: 'better-sqlite3',
          connection: ':memory:',
          useNullAsDefault: true,
        }),
      );
    }
    return this.#initPostgres(this.#postgresUrl!);
  }

  /**
   * Destroys every knex instance made by `init` and drops the PostgreSQL
   * databases it created. Safe to call more than once; `init` can be used
   * again afterwards.
   */
  async shutdown(): Promise<void> {
    const knexInstances = this.#knexInstances;
    const databaseNames = this.#postgresDatabaseNames;
    this.#knexInstances = [];
    this.#postgresDatabaseNames = [];

    await Promise.all(
      knexInstances.map(knex =>
        knex.destroy().catch(() => {
          // Best effort: the connection may already be gone.
        }),
      ),
    );

    const admin = this.#postgresAdmin;
    this.#postgresAdmin = undefined;
    if (!admin) {
      return;
    }

    const failures: string[] = [];
    try {
      for (const name of databaseNames) {
        try {
          // FORCE (PostgreSQL 13+) also ends connections that a test
          // opened itself and did not close.
          await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [name]);
        } catch (error) {
          failures.push(`${name}: ${(error as Error).message}`);
        }
      }
    } finally {
      await admin.destroy().catch(() => {});
    }
    if (failures.length > 0) {
      throw new Error(
        `TestDatabases could not drop PostgreSQL test databases: ${failures.join(
          '; ',
        )}`,
      );
    }
  }

  async #initPostgres(serverUrl: URL): Promise<Knex> {
    const databaseName = `backstage_test_${randomBytes(12).toString('hex')}`;

    if (!this.#postgresAdmin) {
      // The database named in the connection string, or the default
      // maintenance database, is used to create and drop the test databases.
      const adminDatabase =
        decodeURIComponent(serverUrl.pathname.replace(/^\//, '')) || 'postgres';
      this.#postgresAdmin = knexFactory({
        client: 'pg',
        connection: withDatabase(serverUrl, adminDatabase),
        pool: { min: 0, max: 1 },
      });
    }

    try {
      await this.#postgresAdmin.raw('CREATE DATABASE ??', [databaseName]);
    } catch (error) {
      throw new Error(
        `TestDatabases could not create a PostgreSQL database on ${redact(
          serverUrl,
        )}: ${(error as Error).message}`,
      );
    }
    this.#postgresDatabaseNames.push(databaseName);

    return this.#track(
      knexFactory({
        client: 'pg',
        connection: withDatabase(serverUrl, databaseName),
        pool: { min: 0, max: 10 },
      }),
    );
  }

  #track(knex: Knex): Knex {
    this.#knexInstances.push(knex);
    return knex;
  }
}
