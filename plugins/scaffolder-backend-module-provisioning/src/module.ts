import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createRequestProvisioningAction } from './actions/requestProvisioning';

/** The `provisioning:request` scaffolder action. */
export const scaffolderModuleProvisioning = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'provisioning',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({ scaffolder, discovery, auth }) {
        scaffolder.addActions(
          createRequestProvisioningAction({ discovery, auth }),
        );
      },
    });
  },
});
