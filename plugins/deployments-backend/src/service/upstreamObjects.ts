import { ServiceUnavailableError } from '@backstage/errors';
import { ArgoCDError } from '@internal/plugin-deployments-node';
import { BoundObjectKind } from '../database/BindingStore';
import { ArgoCDInstance } from './ArgoCDInstances';

/**
 * Whether an Application or AppProject exists in an instance. Argo CD
 * answers "permission denied" for an application that does not exist (and
 * the portal's account sees every application), so that counts as absent.
 */
export async function existsUpstream(
  instance: ArgoCDInstance,
  kind: BoundObjectKind,
  name: string,
): Promise<boolean> {
  try {
    if (kind === 'application') {
      await instance.client.getApplication(name);
    } else {
      await instance.client.getProject(name);
    }
    return true;
  } catch (error) {
    if (
      error instanceof ArgoCDError &&
      (error.reason === 'notFound' || error.reason === 'notFoundOrForbidden')
    ) {
      return false;
    }
    throw new ServiceUnavailableError(
      `Could not check whether ${kind} ${name} exists in Argo CD instance '${
        instance.config.name
      }': ${
        error instanceof Error ? error.message : error
      }. Nothing was changed.`,
    );
  }
}

/** The actor of a request, for bindings and audit records. */
export function actorOf(credentials: { principal: unknown }): string {
  const principal = credentials.principal as {
    userEntityRef?: string;
    subject?: string;
  };
  return principal?.userEntityRef ?? principal?.subject ?? 'unknown';
}
