import { Config } from '@backstage/config';
import {
  ArgoCDInstanceConfig,
  readArgoCDInstancesConfig,
} from '@internal/plugin-deployments-node';

export type { ArgoCDInstanceConfig };

export interface DeploymentsConfig {
  instances: ArgoCDInstanceConfig[];
  productionEnvironments: string[];
  cacheTtlMs: number;
}

/** Reads and checks `deployments.*`; a misconfiguration fails the backend at startup. */
export function readDeploymentsConfig(config: Config): DeploymentsConfig {
  const root = config.getOptionalConfig('deployments');
  const instances = readArgoCDInstancesConfig(config);
  return {
    instances,
    productionEnvironments: root?.getOptionalStringArray(
      'productionEnvironments',
    ) ?? ['prod'],
    cacheTtlMs: (root?.getOptionalNumber('cacheTtlSeconds') ?? 10) * 1000,
  };
}
