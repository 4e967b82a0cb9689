import type { LoggerService } from '@backstage/backend-plugin-api';
import type { TemplateAction } from '@backstage/plugin-scaffolder-node';

/**
 * The scaffolder writes `String(error.stack)` of a failed step into the
 * task's event log (NunjucksWorkflowRunner's markFailed, not configurable),
 * and that log is what the task page shows: frames with the server's paths.
 * Our actions therefore fail with errors whose stack is only
 * `<name>: <message>`; the error keeps its class (InputError,
 * NotAllowedError...) and properties, and the full stack goes to the
 * backend's own log.
 */
export function withMessageOnlyErrors<T extends TemplateAction<any, any, any>>(
  action: T,
  logger: LoggerService,
): T {
  return {
    ...action,
    handler: async ctx => {
      try {
        return await action.handler(ctx);
      } catch (error) {
        if (!(error instanceof Error)) {
          throw error;
        }
        logger.warn(`Scaffolder action ${action.id} failed`, error);
        error.stack = `${error.name}: ${error.message}`;
        throw error;
      }
    },
  };
}
