import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { ActivityStore } from '../database/ActivityStore';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Deletes the events older than the retention, once an hour, on one replica. */
export class ActivityCleaner {
  constructor(
    private readonly options: {
      store: ActivityStore;
      logger: LoggerService;
      retentionDays: number;
    },
  ) {}

  async schedule(scheduler: SchedulerService): Promise<void> {
    await scheduler.scheduleTask({
      id: 'activity-retention',
      frequency: { hours: 1 },
      timeout: { minutes: 10 },
      initialDelay: { minutes: 1 },
      scope: 'global',
      fn: async () => {
        await this.clean();
      },
    });
  }

  async clean(now: Date = new Date()): Promise<number> {
    const before = new Date(
      now.getTime() - this.options.retentionDays * DAY_MS,
    );
    const deleted = await this.options.store.deleteOlderThan(before);
    if (deleted) {
      this.options.logger.info(
        `Deleted ${deleted} activity events older than ${this.options.retentionDays} days`,
      );
    }
    return deleted;
  }
}
