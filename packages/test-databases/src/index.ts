/**
 * Fresh SQLite and PostgreSQL 15 databases for backend plugin tests, shaped
 * like `TestDatabases` from `@backstage/backend-test-utils`.
 *
 * @packageDocumentation
 */

export { TestDatabases, type TestDatabaseId } from './TestDatabases';
export {
  startTestActionsRegistry,
  type ActionAnswer,
  type TestActionsRegistry,
} from './TestActionsRegistry';
