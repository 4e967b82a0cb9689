import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  ArgoCDClient,
  readArgoCDInstancesConfig,
} from '@internal/plugin-deployments-node';

/** One configured Argo CD instance and a client for it. */
export interface ArgoCDInstance {
  name: string;
  /** Where people open its applications: `<webUrl>/applications/argocd/<app>`. */
  webUrl: string;
  environments: string[];
  client: ArgoCDClient;
}

/**
 * The Argo CD instances of `deployments.argocd.instances`, the same
 * configuration the deployments plugin reads, so an application is created
 * in the instance whose deployments view then shows it.
 */
export class ArgoCDInstances {
  private constructor(private readonly instances: ArgoCDInstance[]) {}

  static fromConfig(
    config: Config,
    options: { fetch?: typeof fetch } = {},
  ): ArgoCDInstances {
    const instances = readArgoCDInstancesConfig(config).map(instance => ({
      name: instance.name,
      webUrl: instance.webUrl,
      environments: instance.environments,
      client: new ArgoCDClient({
        baseUrl: instance.baseUrl,
        token: instance.token,
        timeoutMs: instance.timeoutMs,
        fetch: options.fetch,
      }),
    }));
    return new ArgoCDInstances(instances);
  }

  /** The instance that deploys to `environment` (a destination cluster name). */
  forEnvironment(environment: string): ArgoCDInstance {
    const instance = this.instances.find(i =>
      i.environments.includes(environment),
    );
    if (!instance) {
      throw new InputError(
        `No Argo CD instance deploys to the environment '${environment}' (configured: ${
          this.instances
            .map(i => `${i.name}: ${i.environments.join(', ')}`)
            .join('; ') || 'none'
        }); see deployments.argocd.instances`,
      );
    }
    return instance;
  }
}
