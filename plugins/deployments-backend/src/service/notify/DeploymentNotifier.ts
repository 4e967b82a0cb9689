import { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { SignalsService } from '@backstage/plugin-signals-node';
import { deploymentsSignalChannel } from '@internal/plugin-deployments-common';
import { ReleaseRecord } from '../../database/ReleaseStore';

/** How long after a canary aborted its owners are still told (not when old history is first recorded). */
const FRESH_ABORT_MS = 3600_000;

const message = (error: unknown) =>
  error instanceof Error ? error.message : String(error);

/** The entity's Deployments tab, where the cards are. */
export function deploymentsTabLink(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/catalog/${encodeURIComponent(namespace)}/${encodeURIComponent(
    kind.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(name)}/deployments`;
}

const serviceName = (entityRef: string) => parseEntityRef(entityRef).name;

/**
 * Tells people and open tabs what happened to a service's deployments:
 * Backstage notifications to the owners (the notifications backend resolves
 * an entity recipient to its owners) or to the groups allowed to act, and a
 * signal on the entity's channel so an open Deployments tab reads again at
 * once. The signal carries no data (the tab reads with its own rights).
 * Either service may be absent; a failure to notify never fails the action.
 */
export class DeploymentNotifier {
  constructor(
    private readonly options: {
      notifications?: NotificationService;
      signals?: SignalsService;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {}

  /** Open tabs of the entity read again. */
  async changed(entityRef: string, reason: string): Promise<void> {
    await this.safely(`signal ${entityRef}`, () =>
      this.options.signals?.publish({
        recipients: { type: 'broadcast' },
        channel: deploymentsSignalChannel(entityRef),
        message: { entityRef: entityRef.toLocaleLowerCase('en-US'), reason },
      }),
    );
  }

  /** The owners learn that a canary aborted (only a fresh abort, once: the scope). */
  async canaryAborted(record: ReleaseRecord): Promise<void> {
    const at = record.endedAt ? Date.parse(record.endedAt) : NaN;
    const now = (this.options.now?.() ?? new Date()).getTime();
    if (!(now - at <= FRESH_ABORT_MS)) return;
    const build = record.imageTag ?? record.revision.slice(0, 7);
    await this.safely(`notify the owners of ${record.entityRef}`, () =>
      this.options.notifications?.send({
        recipients: { type: 'entity', entityRef: record.entityRef },
        payload: {
          title: `Canary of ${serviceName(
            record.entityRef,
          )} ${build} aborted in ${record.environment}`,
          description:
            record.endReason ??
            'The canary was aborted; traffic went back to the stable version.',
          link: deploymentsTabLink(record.entityRef),
          severity: record.production ? 'critical' : 'high',
          topic: 'deployments',
          scope: `deployments:abort:${record.entityRef}:${record.environment}:${record.historyId}`,
        },
      }),
    );
  }

  /** A promotion waits for someone allowed: the allowed groups and the owners learn it. */
  async promotionWaits(request: {
    entityRef: string;
    from: string;
    to: string;
    imageTag: string;
    requester: string;
    reason: string;
    allowedGroups: string[];
  }): Promise<void> {
    const { entityRef, to, imageTag } = request;
    await this.safely(`notify who may promote ${entityRef}`, () =>
      this.options.notifications?.send({
        recipients: {
          type: 'entity',
          entityRef: [...request.allowedGroups, entityRef],
          excludeEntityRef: request.requester,
        },
        payload: {
          title: `${serviceName(
            entityRef,
          )} ${imageTag} waits for promotion to ${to}`,
          description: `${request.requester.replace(
            /^user:[^/]+\//,
            '',
          )} asks to promote ${imageTag} from ${request.from} to ${to}: ${
            request.reason
          }. Only ${request.allowedGroups.join(', ')} may promote to ${to}.`,
          link: deploymentsTabLink(entityRef),
          severity: 'high',
          topic: 'deployments',
          scope: `deployments:promotion:${entityRef}:${to}:${imageTag}`,
        },
      }),
    );
  }

  private async safely(what: string, fn: () => Promise<void> | undefined) {
    try {
      await fn();
    } catch (error) {
      this.options.logger.warn(`Could not ${what}: ${message(error)}`);
    }
  }
}
