import fs from 'node:fs';
import path from 'node:path';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import {
  TerraformCloudClient,
  TerraformCloudEngine,
  createConfigurationArchive,
} from '@internal/plugin-provisioning-node';
import type { EnvironmentSettings } from './service/ProvisioningService';

/** Environments when `provisioning.environments` is not set: dev applies by itself. */
export const DEFAULT_ENVIRONMENTS: Record<string, EnvironmentSettings> = {
  dev: { autoApply: true },
  staging: { autoApply: false },
  prod: { autoApply: false },
};

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
