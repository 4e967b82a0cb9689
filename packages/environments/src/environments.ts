import type { Config } from '@backstage/config';

/** One environment of the portal. */
export interface Environment {
  /** As it appears in workspace, application and index names: `prod`. */
  name: string;
  /** Whether its actions need the `.production` permissions. */
  production: boolean;
}

/** The portal's environments, in promotion order. */
export interface Environments {
  /** In promotion order. */
  readonly list: readonly Environment[];
  /** The names, in promotion order. */
  names(): string[];
  /** True for a production environment; false for one not configured. */
  isProduction(name: string): boolean;
  /** The production environments' names. */
  productionNames(): string[];
  /**
   * The position in the promotion order, for sorting; environments that are
   * not configured come after all that are.
   */
  order(name: string): number;
}

/**
 * The names of {@link DEFAULT_ENVIRONMENTS}, in promotion order, as literal
 * types (the sandbox's world is typed on them).
 */
export const DEFAULT_ENVIRONMENT_NAMES = ['dev', 'staging', 'prod'] as const;

/** What the portal assumes without an `environments` config. */
export const DEFAULT_ENVIRONMENTS: readonly Environment[] =
  DEFAULT_ENVIRONMENT_NAMES.map(name => ({
    name,
    production: name === 'prod',
  }));

/** The model of a list of environments (names must be unique). */
export function environmentsOf(list: readonly Environment[]): Environments {
  const seen = new Set<string>();
  for (const { name } of list) {
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(name)) {
      throw new Error(
        `Environment name "${name}" must be lower-case letters, digits and dashes`,
      );
    }
    if (seen.has(name)) {
      throw new Error(`Environment "${name}" is configured twice`);
    }
    seen.add(name);
  }
  const frozen = list.map(e => ({ ...e }));
  const index = new Map(frozen.map((e, i) => [e.name, i]));
  return {
    list: frozen,
    names: () => frozen.map(e => e.name),
    isProduction: name => frozen[index.get(name) ?? -1]?.production ?? false,
    productionNames: () => frozen.filter(e => e.production).map(e => e.name),
    order: name => index.get(name) ?? frozen.length,
  };
}

/** dev, staging, prod (production). */
export const defaultEnvironments: Environments =
  environmentsOf(DEFAULT_ENVIRONMENTS);

/**
 * Reads the top-level `environments` (see config.d.ts); without it, the
 * {@link DEFAULT_ENVIRONMENTS}. A misconfiguration throws, so the backend
 * fails at startup rather than guessing.
 */
export function readEnvironments(config: Config): Environments {
  const configured = config.getOptionalConfigArray('environments');
  if (!configured) {
    return defaultEnvironments;
  }
  if (configured.length === 0) {
    throw new Error('environments: configure at least one environment');
  }
  return environmentsOf(
    configured.map(env => ({
      name: env.getString('name'),
      production: env.getOptionalBoolean('production') ?? false,
    })),
  );
}
