import { Config } from '@backstage/config';

/** One Argo CD instance, as configured under `deployments.argocd.instances`. */
export interface ArgoCDInstanceConfig {
  name: string;
  baseUrl: string;
  webUrl: string;
  token: string;
  environments: string[];
  selector?: string;
  timeoutMs?: number;
}

/**
 * Reads and checks `deployments.argocd.instances`, the one configuration of
 * Argo CD that the deployments backend and the scaffolder actions share; a
 * misconfiguration fails the backend at startup.
 */
export function readArgoCDInstancesConfig(
  config: Config,
): ArgoCDInstanceConfig[] {
  const instances = (
    config.getOptionalConfigArray('deployments.argocd.instances') ?? []
  ).map(instance => {
    const baseUrl = instance.getString('baseUrl').replace(/\/+$/, '');
    return {
      name: instance.getString('name'),
      baseUrl,
      webUrl: (instance.getOptionalString('webUrl') ?? baseUrl).replace(
        /\/+$/,
        '',
      ),
      token: instance.getString('token'),
      environments: instance.getStringArray('environments'),
      selector: instance.getOptionalString('selector'),
      timeoutMs: instance.getOptionalNumber('timeoutMs'),
    };
  });
  const names = new Set<string>();
  const environments = new Map<string, string>();
  for (const instance of instances) {
    if (names.has(instance.name)) {
      throw new Error(
        `deployments.argocd.instances: the name '${instance.name}' is used twice`,
      );
    }
    names.add(instance.name);
    for (const environment of instance.environments) {
      // Actions address an environment by name, so it must say which instance.
      const other = environments.get(environment);
      if (other) {
        throw new Error(
          `deployments.argocd.instances: environment '${environment}' is deployed by both '${other}' and '${instance.name}'`,
        );
      }
      environments.set(environment, instance.name);
    }
  }
  return instances;
}
