import fs from 'node:fs';
import path from 'node:path';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { readDurationFromConfig, type Config } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import { defaultEnvironments } from '@internal/environments';
import {
  TerraformCloudClient,
  TerraformCloudEngine,
  createConfigurationArchive,
} from '@internal/plugin-provisioning-node';
import type { EnvironmentSettings } from './service/ProvisioningService';
import { StackVariables } from './service/StackVariables';

/**
 * Environments when `provisioning.environments` is not set: those of the
 * portal's default environment model (dev, staging, prod); the first (dev)
 * applies by itself.
 */
export const DEFAULT_ENVIRONMENTS: Record<string, EnvironmentSettings> =
  Object.fromEntries(
    defaultEnvironments
      .names()
      .map((name, index) => [name, { autoApply: index === 0 }]),
  );

export function readEnvironments(
  config: Config,
): Record<string, EnvironmentSettings> {
  const envs = config.getOptionalConfig('provisioning.environments');
  if (!envs) {
    return DEFAULT_ENVIRONMENTS;
  }
  return Object.fromEntries(
    envs
      .keys()
      .map(name => [
        name,
        { autoApply: envs.getOptionalBoolean(`${name}.autoApply`) ?? false },
      ]),
  );
}

export function readEngineSettings(config: Config) {
  const engines = config.getOptionalConfig('provisioning.engines');
  const services = engines?.getOptionalConfig('services');
  return {
    defaultEngine: engines?.getOptionalString('default') ?? 'tfc',
    serviceEngines: Object.fromEntries(
      (services?.keys() ?? []).map(name => [name, services!.getString(name)]),
    ),
  };
}

/**
 * Where the Terraform configuration lives: `configuration.root` (relative
 * to the working directory), else the nearest `infra/` directory above it
 * that holds the service-tiers stack (the repository's, in development).
 */
function configurationRoot(configured: string | undefined): string {
  if (configured) {
    return path.resolve(configured);
  }
  let dir = process.cwd();
  for (;;) {
    const candidate = path.join(dir, 'infra');
    if (fs.existsSync(path.join(candidate, 'stacks', 'service-tiers'))) {
      return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(
        'provisioning.terraformCloud.configuration.root is not set and no infra/stacks/service-tiers was found above the working directory',
      );
    }
    dir = parent;
  }
}

/** The Terraform Cloud engine of `provisioning.terraformCloud`, if configured. */
export function terraformCloudEngineFromConfig(
  config: Config,
  logger: LoggerService,
): TerraformCloudEngine | undefined {
  const tfc = config.getOptionalConfig('provisioning.terraformCloud');
  if (!tfc) {
    return undefined;
  }
  const organizations = tfc.getConfigArray('organizations').map(org => {
    const baseUrl =
      org.getOptionalString('baseUrl') ?? 'https://app.terraform.io';
    return {
      name: org.getString('name'),
      appUrl: org.getOptionalString('appUrl') ?? baseUrl,
      client: TerraformCloudClient.create({
        token: org.getString('token'),
        baseUrl,
        logger: logger.child({ organization: org.getString('name') }),
      }),
    };
  });
  const serviceOrganizations = tfc.getOptionalConfig('serviceOrganizations');
  const configuration = tfc.getOptionalConfig('configuration');
  let root: string | undefined;
  const include = configuration?.getOptionalStringArray('include') ?? [
    'modules',
    'stacks/service-tiers',
  ];
  return new TerraformCloudEngine({
    organizations,
    organizationFor: target =>
      serviceOrganizations?.getOptionalString(target.service) ??
      organizations[0].name,
    configurationArchive: () => {
      // Resolved on first use, so a backend without the stack still starts.
      root ??= configurationRoot(configuration?.getOptionalString('root'));
      return createConfigurationArchive({ root, include });
    },
    workingDirectory:
      configuration?.getOptionalString('workingDirectory') ??
      'stacks/service-tiers',
    terraformVersion: tfc.getOptionalString('terraformVersion'),
  });
}

/** Namespaces whose Components may be provisioned; `default` unless configured. */
export function readNamespaces(config: Config): string[] {
  return (
    config.getOptionalStringArray('provisioning.namespaces') ?? ['default']
  );
}

/** How long a grant for a service being created lasts; 1 hour unless configured. */
export function readGrantTtlMs(config: Config): number {
  return config.has('provisioning.grantTtl')
    ? durationToMilliseconds(
        readDurationFromConfig(config.getConfig('provisioning.grantTtl')),
      )
    : 60 * 60 * 1000;
}

/** Templates whose tasks may obtain grants; the "Create microservice" template unless configured. */
export function readGrantTemplates(config: Config): string[] {
  return (
    config.getOptionalStringArray('provisioning.grantTemplates') ?? [
      'template:default/microservice',
    ]
  ).map(ref => ref.toLocaleLowerCase('en-US'));
}

/**
 * The stack's variables: declared in `variables.tf` of the Terraform Cloud
 * working directory (or `provisioning.variables.file`), settable by
 * services as `provisioning.variables.settable` says (default: `options`),
 * platform inputs per environment from `provisioning.variables.platform`.
 */
export function readStackVariables(
  config: Config,
  logger: LoggerService,
): StackVariables {
  const variables = config.getOptionalConfig('provisioning.variables');
  let file = variables?.getOptionalString('file');
  if (!file) {
    const configuration = config.getOptionalConfig(
      'provisioning.terraformCloud.configuration',
    );
    try {
      file = path.join(
        configurationRoot(configuration?.getOptionalString('root')),
        configuration?.getOptionalString('workingDirectory') ??
          'stacks/service-tiers',
        'variables.tf',
      );
    } catch {
      file = undefined;
    }
  }
  if (!file || !fs.existsSync(file)) {
    logger.warn(
      `The stack's variables.tf was not found (${
        file ?? 'no infra/ directory'
      }): requests may set only provisioning.variables.settable`,
    );
  }
  const platform = variables?.getOptionalConfig('platform');
  return StackVariables.fromFile(file && path.resolve(file), {
    settable: variables?.getOptionalStringArray('settable') ?? ['options'],
    platform: Object.fromEntries(
      (platform?.keys() ?? []).map(environment => [
        environment,
        platform!.getConfig(environment).get<Record<string, unknown>>(),
      ]),
    ),
  });
}
