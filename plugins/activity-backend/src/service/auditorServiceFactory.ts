import { DefaultAuditorService } from '@backstage/backend-defaults/auditor';
import type { AuditorEvent } from '@backstage/backend-defaults/auditor';
import {
  coreServices,
  createServiceFactory,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { ACTIVITY_TOPIC, DEFAULT_RECORDED_PLUGINS } from './activityTopic';
import { fromAuditorEvent } from './fromAuditorEvent';

type Level = 'debug' | 'info' | 'warn' | 'error';
const LEVELS: Level[] = ['debug', 'info', 'warn', 'error'];
const DEFAULT_LEVELS: Record<AuditorEvent['severityLevel'], Level> = {
  low: 'debug',
  medium: 'info',
  high: 'info',
  critical: 'info',
};

/** `backend.auditor.severityLogLevelMappings`, as Backstage's auditor reads it. */
function severityLevels(config: Config) {
  const levels = { ...DEFAULT_LEVELS };
  for (const severity of Object.keys(levels) as Array<keyof typeof levels>) {
    const value = config.getOptionalString(
      `backend.auditor.severityLogLevelMappings.${severity}`,
    );
    if (value && LEVELS.includes(value as Level)) {
      levels[severity] = value as Level;
    }
  }
  return levels;
}

/** The plugin ids whose audit events the activity log keeps. */
export function recordedPlugins(config: Config): string[] {
  return (
    config.getOptionalStringArray('activity.plugins') ??
    DEFAULT_RECORDED_PLUGINS
  );
}

/** Logs an audit event exactly as Backstage's default auditor does. */
function logAuditEvent(
  logger: LoggerService,
  levels: Record<string, Level>,
  event: AuditorEvent,
) {
  const level = levels[event.severityLevel];
  if ('error' in event) {
    const { error, ...rest } = event;
    logger.child(rest)[level](`${event.plugin}.${event.eventId}`, error);
  } else {
    logger[level](`${event.plugin}.${event.eventId}`, event as any);
  }
}

/**
 * Backstage's auditor, plus the activity log: it logs every event as the
 * default auditor does, and publishes the finished events (succeeded or
 * failed, denials included) of the plugins named in `activity.plugins` on
 * the events bus, where the activity backend stores them. One service
 * factory for the whole backend, so no plugin changes to be recorded: a new
 * audit event of a recorded plugin is stored as it is.
 *
 * ```ts
 * backend.add(activityAuditorServiceFactory);
 * ```
 */
export const activityAuditorServiceFactory = createServiceFactory({
  service: coreServices.auditor,
  deps: {
    config: coreServices.rootConfig,
    logger: coreServices.logger,
    auth: coreServices.auth,
    httpAuth: coreServices.httpAuth,
    plugin: coreServices.pluginMetadata,
    events: eventsServiceRef,
  },
  factory({ config, logger, auth, httpAuth, plugin, events }) {
    const auditLogger = logger.child({ isAuditEvent: true });
    const levels = severityLevels(config);
    const recorded = recordedPlugins(config).includes(plugin.getId());
    return DefaultAuditorService.create(
      async event => {
        logAuditEvent(auditLogger, levels, event);
        const activity = recorded ? fromAuditorEvent(event) : undefined;
        if (!activity) return;
        try {
          await events.publish({
            topic: ACTIVITY_TOPIC,
            eventPayload: activity,
          });
        } catch (error) {
          // The action itself must not fail because its record could not be
          // stored: the log line above still has it.
          logger.warn(
            `Could not publish ${event.plugin}.${event.eventId} to the activity log: ${error}`,
          );
        }
      },
      { auth, httpAuth, plugin },
    );
  },
});
