import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  CloudFormationEngine,
  provisioningEnginesExtensionPoint,
} from '@internal/plugin-provisioning-node';

/**
 * Adds the AWS CloudFormation engine to the provisioning backend when
 * `provisioning.cloudformation` is configured; which services use it is
 * `provisioning.engines` (e.g. `services: { legacy-api: cloudformation }`).
 */
export const provisioningModuleCloudFormation = createBackendModule({
  pluginId: 'provisioning',
  moduleId: 'cloudformation',
  register(env) {
    env.registerInit({
      deps: {
        engines: provisioningEnginesExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ engines, config, logger }) {
        if (!config.has('provisioning.cloudformation')) {
          logger.info(
            'provisioning.cloudformation is not configured; the CloudFormation engine is off',
          );
          return;
        }
        engines.addEngine(
          await CloudFormationEngine.fromConfig(config, { logger }),
        );
      },
    });
  },
});
