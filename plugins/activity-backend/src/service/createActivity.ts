import type {
  DatabaseService,
  LoggerService,
  PermissionsService,
  RootConfigService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { EventsService } from '@backstage/plugin-events-node';
import { ActivityStore } from '../database/ActivityStore';
import { ActivityCleaner } from './ActivityCleaner';
import { ActivityReader } from './ActivityReader';
import { ACTIVITY_TOPIC } from './activityTopic';
import { activityEventSchema } from './fromAuditorEvent';

export const DEFAULT_RETENTION_DAYS = 365;

/**
 * Builds the plugin's services from its dependencies, for the plugin and
 * for tests alike, and subscribes the store to the recording auditor's
 * topic.
 */
export async function createActivity(deps: {
  config: RootConfigService;
  logger: LoggerService;
  database: DatabaseService;
  permissions: PermissionsService;
  userInfo: UserInfoService;
  catalog: CatalogService;
  events: EventsService;
}) {
  const store = await ActivityStore.create({ database: deps.database });
  const retentionDays =
    deps.config.getOptionalNumber('activity.retention.days') ??
    DEFAULT_RETENTION_DAYS;
  const cleaner = new ActivityCleaner({
    store,
    logger: deps.logger,
    retentionDays,
  });
  const reader = new ActivityReader({
    store,
    catalog: deps.catalog,
    permissions: deps.permissions,
    userInfo: deps.userInfo,
  });
  await deps.events.subscribe({
    id: 'activity-store',
    topics: [ACTIVITY_TOPIC],
    async onEvent({ eventPayload }) {
      const parsed = activityEventSchema.safeParse(eventPayload);
      if (!parsed.success) {
        deps.logger.warn(
          `Ignored a malformed activity event: ${parsed.error.message}`,
        );
        return;
      }
      await store.insert(parsed.data);
    },
  });
  return { store, reader, cleaner };
}
