import type {
  AuditorService,
  AuditorServiceEventSeverityLevel,
} from '@backstage/backend-plugin-api';
import type { JsonObject } from '@backstage/types';

/** An audit event as the stub recorded it: its start and how it ended. */
export interface RecordedAuditEvent {
  eventId: string;
  severityLevel?: AuditorServiceEventSeverityLevel;
  meta?: JsonObject | any;
  outcome?: 'success' | 'fail';
  /** The failure's message. */
  error?: string;
}

export interface AuditorStub extends AuditorService {
  readonly events: RecordedAuditEvent[];
}

/**
 * Records each event when it is created; `success`/`fail` add the outcome,
 * and the meta they pass replaces the event's (what the audit log shows
 * last). `events` is where to record (a test's own array), a new one by
 * default.
 */
export function auditor(
  options: { events?: RecordedAuditEvent[] } = {},
): AuditorStub {
  const events = options.events ?? [];
  return {
    events,
    async createEvent(created) {
      const event: RecordedAuditEvent = {
        eventId: created.eventId,
        severityLevel: created.severityLevel,
        meta: created.meta,
      };
      events.push(event);
      return {
        async success(o) {
          event.outcome = 'success';
          event.meta = o?.meta ?? event.meta;
        },
        async fail(o) {
          event.outcome = 'fail';
          event.meta = o.meta ?? event.meta;
          event.error = o.error.message;
        },
      };
    },
  };
}
