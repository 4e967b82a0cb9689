import type { Config } from '@backstage/config';
import {
  ArgoCDClient,
  readArgoCDInstancesConfig,
  releaseSyncHoldPatch,
  syncHeldFor,
} from '@internal/plugin-deployments-node';

/** The `environment` label the template's Applications carry. */
const ENVIRONMENT_LABEL = 'environment';
/** The Argo CD plugins' annotation naming a service's Applications. */
export const APP_SELECTOR_ANNOTATION = 'argocd/app-selector';

export interface ReleaseResult {
  /** Applications whose automated sync was turned on now. */
  released: string[];
  /** True when none of the environment's Applications was held. */
  nothingHeld: boolean;
}

/**
 * Turns automated sync on for the Applications of one environment that
 * waited for their infrastructure (`portal.acme.example/sync-held:
 * infrastructure`), in the Argo CD instance of `deployments.argocd.instances`
 * that deploys the environment. Applications without the hold are left
 * alone: a person may have switched their sync off on purpose.
 */
export class SyncReleaser {
  constructor(
    private readonly instances: Array<{
      name: string;
      environments: string[];
      client: Pick<ArgoCDClient, 'listApplications' | 'patchApplication'>;
    }>,
  ) {}

  static fromConfig(
    config: Config,
    options: { fetch?: typeof fetch } = {},
  ): SyncReleaser {
    return new SyncReleaser(
      readArgoCDInstancesConfig(config).map(instance => ({
        name: instance.name,
        environments: instance.environments,
        client: new ArgoCDClient({
          baseUrl: instance.baseUrl,
          token: instance.token,
          timeoutMs: instance.timeoutMs,
          fetch: options.fetch,
        }),
      })),
    );
  }

  /** `selector` names the service's Applications (its `argocd/app-selector`). */
  async release(selector: string, environment: string): Promise<ReleaseResult> {
    const instance = this.instances.find(i =>
      i.environments.includes(environment),
    );
    if (!instance) {
      // No Argo CD deploys there: nothing can be held.
      return { released: [], nothingHeld: true };
    }
    const { items } = await instance.client.listApplications({
      selector: `${selector},${ENVIRONMENT_LABEL}=${environment}`,
    });
    const held = (items ?? []).filter(
      app => syncHeldFor(app) === 'infrastructure',
    );
    const released: string[] = [];
    for (const app of held) {
      const name = app.metadata!.name!;
      await instance.client.patchApplication(
        name,
        releaseSyncHoldPatch(app),
        'merge',
        { appNamespace: app.metadata?.namespace },
      );
      released.push(name);
    }
    return { released, nothingHeld: held.length === 0 };
  }
}
