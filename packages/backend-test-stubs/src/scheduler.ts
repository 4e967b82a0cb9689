import type {
  SchedulerService,
  SchedulerServiceTaskInvocationDefinition,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';

export type ScheduledTask = SchedulerServiceTaskScheduleDefinition &
  SchedulerServiceTaskInvocationDefinition;

export interface SchedulerStub extends SchedulerService {
  /** The tasks scheduled so far, by id; none runs until triggered. */
  readonly tasks: Map<string, ScheduledTask>;
}

/** A scheduler whose tasks run only when a test calls `triggerTask(id)`. */
export function scheduler(): SchedulerStub {
  const tasks = new Map<string, ScheduledTask>();
  return {
    tasks,
    async scheduleTask(task) {
      tasks.set(task.id, task);
    },
    createScheduledTaskRunner(schedule) {
      return {
        run: async task => void tasks.set(task.id, { ...schedule, ...task }),
      };
    },
    async triggerTask(id) {
      const task = tasks.get(id);
      if (!task) {
        throw new NotFoundError(`No task ${id}`);
      }
      await task.fn(task.signal ?? new AbortController().signal);
    },
    async cancelTask(id) {
      tasks.delete(id);
    },
    async getScheduledTasks() {
      return [...tasks.keys()].map(id => ({
        id,
        scope: tasks.get(id)!.scope ?? 'global',
        settings: { version: 2 },
      }));
    },
  };
}
