import { readEnvironments } from '@internal/environments';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
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
  /** Follow each instance's watch stream (else: a list per cacheTtl). */
  watch: boolean;
  /** A full list this often even while the stream runs; 0: never. */
  resyncMs: number;
  adopt: AdoptRule[];
  promotion: PromotionConfig;
}

export interface PromotionConfig {
  slo: number;
  /** Environments a promotion reaches through a pull request; the production environments by default. */
  pullRequestEnvironments: string[];
  burnRateThreshold: number;
  prometheus: {
    baseUrl?: string;
    token?: string;
    environments: Record<string, { baseUrl: string; token?: string }>;
  };
  grafana?: { baseUrl: string; token: string };
}

function readPromotionConfig(
  root: Config | undefined,
  productionEnvironments: string[],
): PromotionConfig {
  const config = root?.getOptionalConfig('promotion');
  const slo = config?.getOptionalNumber('slo') ?? 0.995;
  if (!(slo > 0 && slo < 1)) {
    throw new Error(
      `deployments.promotion.slo must be between 0 and 1, got ${slo}`,
    );
  }
  const prometheus = config?.getOptionalConfig('prometheus');
  const grafana = config?.getOptionalConfig('grafana');
  return {
    slo,
    pullRequestEnvironments:
      config?.getOptionalStringArray('pullRequestEnvironments') ??
      productionEnvironments,
    burnRateThreshold: config?.getOptionalNumber('burnRateThreshold') ?? 14.4,
    prometheus: {
      baseUrl: prometheus?.getOptionalString('baseUrl'),
      token: prometheus?.getOptionalString('token'),
      environments: Object.fromEntries(
        (prometheus?.getOptionalConfig('environments')?.keys() ?? []).map(
          env => {
            const c = prometheus!.getConfig(`environments.${env}`);
            return [
              env,
              {
                baseUrl: c.getString('baseUrl'),
                token: c.getOptionalString('token'),
              },
            ];
          },
        ),
      ),
    },
    grafana: grafana && {
      baseUrl: grafana.getString('baseUrl'),
      token: grafana.getString('token'),
    },
  };
}

/**
 * Platform config (not a user's claim): existing Argo CD objects that belong
 * to an entity, bound to it when seen without a binding.
 */
export interface AdoptRule {
  /** Full entity ref, e.g. `component:default/payments-api`. */
  entity: string;
  /** Applications whose labels match this selector. */
  selector: string;
  /** AppProject names, in every instance. */
  projects: string[];
}

function readAdoptRules(root: Config | undefined): AdoptRule[] {
  return (root?.getOptionalConfigArray('adopt') ?? []).map(rule => {
    const text = rule.getString('entity');
    let entity: string;
    try {
      entity = stringifyEntityRef(parseEntityRef(text));
    } catch (error) {
      throw new Error(
        `deployments.adopt: '${text}' is not a full entity ref (kind:namespace/name): ${error}`,
      );
    }
    return {
      entity,
      selector: rule.getString('selector'),
      projects: rule.getOptionalStringArray('projects') ?? [],
    };
  });
}

/** Reads and checks `deployments.*`; a misconfiguration fails the backend at startup. */
export function readDeploymentsConfig(config: Config): DeploymentsConfig {
  const root = config.getOptionalConfig('deployments');
  const instances = readArgoCDInstancesConfig(config);
  // The portal's environments model (`environments[].production`); the
  // older `deployments.productionEnvironments` still wins where it is set.
  const productionEnvironments =
    root?.getOptionalStringArray('productionEnvironments') ??
    readEnvironments(config).productionNames();
  return {
    instances,
    productionEnvironments,
    cacheTtlMs: (root?.getOptionalNumber('cacheTtlSeconds') ?? 10) * 1000,
    watch: root?.getOptionalBoolean('argocd.watch') ?? true,
    resyncMs: (root?.getOptionalNumber('argocd.resyncSeconds') ?? 600) * 1000,
    adopt: readAdoptRules(root),
    promotion: readPromotionConfig(root, productionEnvironments),
  };
}
