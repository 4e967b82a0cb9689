import { parseEntityRef } from '@backstage/catalog-model';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { defaultEnvironments, type Environments } from '@internal/environments';
import { StoredRun } from '../database/RunStore';

/**
 * The notification for a run that waits for approval, to those who may
 * approve it: the production groups for a production run (the portal
 * policy's `permission.portal.production.allowedGroups`), the service's
 * owners otherwise (an entity recipient resolves to its owners). It links
 * to the Infrastructure tab, where the run is approved.
 */
export function approvalNotification(
  run: Pick<StoredRun, 'id' | 'entityRef' | 'service' | 'environment'>,
  productionGroups: string[],
  environments: Environments = defaultEnvironments,
): NotificationSendOptions {
  const { kind, namespace, name } = parseEntityRef(run.entityRef);
  const production = environments.isProduction(run.environment);
  return {
    recipients: {
      type: 'entity',
      entityRef:
        production && productionGroups.length
          ? productionGroups
          : run.entityRef,
    },
    payload: {
      title: `${run.service} ${run.environment}: a provisioning run waits for approval`,
      description: `Terraform planned the ${run.environment} infrastructure of ${run.service}; review the plan and approve or discard it.`,
      link: `/catalog/${namespace}/${kind.toLocaleLowerCase(
        'en-US',
      )}/${name}/infrastructure`,
      severity: production ? 'high' : 'normal',
      topic: 'provisioning',
      scope: `provisioning:approval:${run.id}`,
    },
  };
}
