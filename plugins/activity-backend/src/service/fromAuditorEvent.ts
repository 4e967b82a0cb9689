import { randomUUID } from 'node:crypto';
import type { AuditorEvent } from '@backstage/backend-defaults/auditor';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import { ActivityEvent } from '@internal/plugin-activity-common';
import { z } from 'zod';

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() ? value.trim() : undefined;

/**
 * A full, lower-case entity ref, or undefined. Plugins record refs as the
 * caller sent them (`payments-api`, `Component:default/Payments-API`); a
 * service is a Component when its kind is left out.
 */
export function normalizeEntityRef(value: unknown): string | undefined {
  const text = str(value);
  if (!text) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(text, {
        defaultKind: 'component',
        defaultNamespace: 'default',
      }),
    ).toLocaleLowerCase('en-US');
  } catch {
    return undefined;
  }
}

/** A refusal of the permission framework is a denial, not a failure. */
function resultOf(error: Error | undefined): ActivityEvent['result'] {
  if (!error) return 'succeeded';
  return error.name === 'NotAllowedError' ? 'denied' : 'failed';
}

/**
 * What the activity log keeps of a finished audit event. It reads the meta
 * fields our plugins share by convention (`entityRef`, `environment`,
 * `reason` or `comment`, `before`, `after`) and keeps the whole meta, so a
 * new event of any plugin is stored without a change here.
 */
export function fromAuditorEvent(
  event: AuditorEvent,
  occurredAt: Date = new Date(),
): ActivityEvent | undefined {
  if (event.status === 'initiated') return undefined;
  const meta: JsonObject = event.meta ?? {};
  const error = event.status === 'failed' ? event.error : undefined;
  return {
    id: randomUUID(),
    occurredAt: occurredAt.toISOString(),
    plugin: event.plugin,
    action: event.eventId,
    severity: event.severityLevel,
    result: resultOf(error),
    actor: str(event.actor.actorId) ?? str(meta.actor),
    entityRef: normalizeEntityRef(meta.entityRef),
    environment: str(meta.environment),
    reason: str(meta.reason) ?? str(meta.comment),
    before: meta.before ?? undefined,
    after: meta.after ?? undefined,
    error: error ? error.message || error.name : undefined,
    meta: Object.keys(meta).length ? meta : undefined,
  };
}

/** The event as it travels on the events bus, checked on arrival. */
export const activityEventSchema: z.ZodType<ActivityEvent> = z.object({
  id: z.string().min(1).max(36),
  occurredAt: z.string().datetime(),
  plugin: z.string().min(1).max(64),
  action: z.string().min(1).max(128),
  severity: z.enum(['low', 'medium', 'high', 'critical']),
  result: z.enum(['succeeded', 'failed', 'denied']),
  actor: z.string().max(255).optional(),
  entityRef: z.string().max(255).optional(),
  environment: z.string().max(64).optional(),
  reason: z.string().optional(),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  error: z.string().optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
}) as z.ZodType<ActivityEvent>;
